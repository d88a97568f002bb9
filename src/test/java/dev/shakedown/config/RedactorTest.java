package dev.shakedown.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedactorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void should_redact_every_form_of_a_secret_url() {
    Redactor redactor = new Redactor();
    redactor.register("http://probe:hunter2@127.0.0.1:8098/nothere/?token=s3cr3t-value");

    assertThat(
            redactor.redact(
                "cannot reach deployment at http://probe:hunter2@127.0.0.1:8098/nothere"))
        .doesNotContain("hunter2");
    // A URL resolved from it keeps its path, not its authority.
    assertThat(redactor.redact("GET http://probe:hunter2@127.0.0.1:8098/totals failed"))
        .isEqualTo("GET ***/totals failed");
    assertThat(redactor.redact("user info probe%3Ahunter2, password hunter2, token s3cr3t-value"))
        .doesNotContain("hunter2")
        .doesNotContain("s3cr3t-value");
  }

  @Test
  void should_redact_credentials_by_their_shape_whoever_wrote_them() {
    assertThat(
            Redactor.shapes(
                "at https://ci:tok3n@git.example/repo.git and https://a.example/x?X-Amz-Signature=abc123&y=1"))
        .isEqualTo(
            "at https://***@git.example/repo.git and https://a.example/x?X-Amz-Signature=***&y=1");
    assertThat(Redactor.shapes("plain text with user@example.org stays"))
        .isEqualTo("plain text with user@example.org stays");
  }

  @Test
  void should_redact_structured_values_before_they_are_encoded() throws Exception {
    Redactor redactor = new Redactor();
    redactor.register("100");
    redactor.register("pa\"ss\\word");
    JsonNode tree =
        JSON.readTree("{\"requests\": 100, \"note\": \"key pa\\\"ss\\\\word and 100 more\"}");

    JsonNode redacted = redactor.redact(tree);

    assertThat(redacted.get("requests").isNumber()).isTrue();
    assertThat(redacted.get("requests").asInt()).isEqualTo(100);
    assertThat(redacted.get("note").asText()).isEqualTo("key *** and *** more");
    assertThat(JSON.readTree(JSON.writeValueAsString(redacted))).isEqualTo(redacted);
  }

  @Test
  void should_redact_the_secret_parts_of_a_key_file(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("key.json");
    Files.writeString(
        key,
        "{\"type\": \"service_account\", \"private_key_id\": \"0123456789abcdef0123\", \"private_key\":"
            + " \"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\nBKcwggSjAgEAAoIBAQC7\\n-----END PRIVATE KEY-----\\n\","
            + " \"client_email\": \"sa@p.iam.gserviceaccount.com\"}");
    Redactor redactor = new Redactor();

    Credentials.registerFile(key, redactor);

    assertThat(
            redactor.redact("bad key MIIEvQIBADANBgkqhkiG9w0BAQEFAASC (id 0123456789abcdef0123)"))
        .isEqualTo("bad key *** (id ***)");
    assertThat(redactor.redact("sa@p.iam.gserviceaccount.com"))
        .isEqualTo("sa@p.iam.gserviceaccount.com");
  }
}
