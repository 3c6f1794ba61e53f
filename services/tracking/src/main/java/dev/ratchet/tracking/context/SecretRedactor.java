package dev.ratchet.tracking.context;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Replaces the values of environment variables whose names look secret, before anything is
 * stored: a run's record must never hold a credential. It errs on the side of redacting (a name
 * with AUTH in it, like GIT_AUTHOR_NAME, is redacted too); the pattern is configurable.
 */
@ApplicationScoped
public class SecretRedactor {
    public static final String REDACTED = "[REDACTED]";
    static final String DEFAULT_PATTERN =
            "(?i).*(SECRET|PASSWORD|PASSWD|PWD|TOKEN|API[_-]?KEY|ACCESS[_-]?KEY|PRIVATE[_-]?KEY|CREDENTIAL|AUTH"
                    + "|SESSION|COOKIE|[_-]KEY$|^KEY$|DSN|CONNECTION[_-]?STRING).*";

    private final Pattern secretName;

    SecretRedactor(
            @ConfigProperty(name = "ratchet.redaction.secret-name-pattern", defaultValue = DEFAULT_PATTERN)
                    String secretNamePattern) {
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
