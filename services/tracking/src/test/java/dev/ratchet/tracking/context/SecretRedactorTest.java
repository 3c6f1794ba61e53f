package dev.ratchet.tracking.context;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ratchet.tracking.TrackingConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretRedactorTest {
    private final SecretRedactor redactor = new SecretRedactor(TrackingConfig.DEFAULT_SECRET_NAME_PATTERN);

    @Test
    void valuesOfSecretLookingNamesAreReplacedAndTheRestKept() {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String secret : new String[] {
            "AWS_SECRET_ACCESS_KEY",
            "AWS_ACCESS_KEY_ID",
            "GITHUB_TOKEN",
            "DB_PASSWORD",
            "PGPASSWORD",
            "OPENAI_API_KEY",
            "api-key",
            "HF_TOKEN",
            "WANDB_API_KEY",
            "SSH_PRIVATE_KEY",
            "GOOGLE_APPLICATION_CREDENTIALS",
            "DATABASE_DSN",
            "session_cookie",
            "MY_KEY",
            "BASIC_AUTH"
        }) {
            variables.put(secret, "s3cr3t");
        }
        for (String plain : new String[] {
            "PATH", "HOME", "CUDA_VISIBLE_DEVICES", "PYTHONHASHSEED", "LANG", "OMP_NUM_THREADS", "KEYBOARD_LAYOUT"
        }) {
            variables.put(plain, "value");
        }
        Map<String, String> safe = redactor.redact(variables);
        safe.forEach((name, value) ->
                assertEquals(variables.get(name).equals("s3cr3t") ? SecretRedactor.REDACTED : "value", value, name));
    }
}
