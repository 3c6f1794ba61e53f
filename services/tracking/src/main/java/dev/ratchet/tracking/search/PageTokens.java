package dev.ratchet.tracking.search;

import dev.ratchet.common.grpc.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Page tokens of searches that page by offset: opaque to clients, checked when they come back. */
public final class PageTokens {
    private PageTokens() {}

    /** The offset a token from an earlier page of {@code search} (named in the error) names; 0 for no token. */
    public static int offset(String pageToken, String search) {
        if (pageToken == null || pageToken.isEmpty()) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(pageToken), StandardCharsets.UTF_8);
            if (!decoded.startsWith("offset:")) {
                throw new IllegalArgumentException();
            }
            int offset = Integer.parseInt(decoded.substring("offset:".length()));
            if (offset < 0) {
                throw new IllegalArgumentException();
            }
            return offset;
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidArgument(
                    "page_token '" + pageToken + "' is not a token from a previous " + search + " response");
        }
    }

    public static String token(int offset) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
    }
}
