package dev.ratchet.tracking.context;

import dev.ratchet.tracking.TrackingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Replaces the values of environment variables whose names look secret, before anything is
 * stored: a run's record must never hold a credential. It errs on the side of redacting (a name
 * with AUTH in it, like GIT_AUTHOR_NAME, is redacted too); the pattern is configurable.
 */
@ApplicationScoped
public class SecretRedactor {
    public static final String REDACTED = "[REDACTED]";
    private final Pattern secretName;

    @Inject
    SecretRedactor(TrackingConfig config) {
        this(config.redaction().secretNamePattern());
    }

    SecretRedactor(String secretNamePattern) {
        this.secretName = Pattern.compile(secretNamePattern);
    }

    /** The variables with every secret-looking value replaced by {@value #REDACTED}. */
    public Map<String, String> redact(Map<String, String> variables) {
        Map<String, String> safe = new LinkedHashMap<>();
        variables.forEach(
                (name, value) -> safe.put(name, secretName.matcher(name).matches() ? REDACTED : value));
        return safe;
    }
}
