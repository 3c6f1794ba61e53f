package dev.ratchet.common.profiles;

import dev.ratchet.common.grpc.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The keys dataset profiles are stored under: "profile:" + the SHA-256 of what makes the profile
 * (the files' roles and digests, the options). Evaluation makes them, tracking stores by them.
 */
public final class ProfileKeys {
    private static final Pattern KEY = Pattern.compile("profile:[0-9a-f]{64}");

    private ProfileKeys() {}

    /** The key of a profile described by {@code identity}: every input that shapes it, as text. */
    public static String of(String identity) {
        try {
            return "profile:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256")
                                    .digest(identity.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key, or INVALID_ARGUMENT saying what a key looks like. */
    public static String check(String key) {
        if (!KEY.matcher(key).matches()) {
            throw ApiException.invalidArgument("key '" + key + "' must be 'profile:' and 64 lowercase hex digits, "
                    + "as ProfileDataset returns it");
        }
        return key;
    }
}
