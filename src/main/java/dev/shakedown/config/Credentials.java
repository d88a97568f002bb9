package dev.shakedown.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Credentials Shakedown's clients find without the config naming them (the environment the SDKs
 * read, the key files they load), registered as secrets so that an SDK's message quoting one is
 * redacted like a value tagged {@code !secret}.
 */
final class Credentials {
  /** What the AWS and Google SDKs read from the environment, besides the config. */
  private static final List<String> ENVIRONMENT =
      List.of(
          "AWS_ACCESS_KEY_ID",
          "AWS_SECRET_ACCESS_KEY",
          "AWS_SESSION_TOKEN",
          "GOOGLE_API_KEY",
          "CLOUDSDK_AUTH_ACCESS_TOKEN",
          "TOXIPROXY_TOKEN");

  /** Fields of a Google credentials file that are secret; the rest names things. */
  private static final List<String> KEY_FIELDS =
      List.of("private_key", "private_key_id", "client_secret", "refresh_token", "access_token");

  private static final long LARGEST_KEY_FILE = 1 << 20;

  private Credentials() {}

  static void registerEnvironment(Function<String, String> environment, Redactor redactor) {
    for (String name : ENVIRONMENT) {
      redactor.register(environment.apply(name));
    }
    String keyFile = environment.apply("GOOGLE_APPLICATION_CREDENTIALS");
    if (keyFile != null && !keyFile.isBlank()) {
      registerFile(Path.of(keyFile), redactor);
    }
  }

  /**
   * The secret parts of a key file: a JSON key's private key (whole, and line by line, as a message
   * may quote one line of it) and its other secret fields; of any other file, each line.
   */
  static void registerFile(Path file, Redactor redactor) {
    String text;
    try {
      if (!Files.isRegularFile(file) || Files.size(file) > LARGEST_KEY_FILE) {
        return; // the client that reads it says what is wrong with it
      }
      text = Files.readString(file);
    } catch (IOException | RuntimeException unreadable) {
      return;
    }
    try {
      JsonNode key = new ObjectMapper().readTree(text);
      if (key != null && key.isObject()) {
        for (String field : KEY_FIELDS) {
          JsonNode value = key.get(field);
          if (value != null && value.isTextual()) {
            redactor.register(value.textValue());
            value
                .textValue()
                .lines()
                .map(String::strip)
                .forEach(line -> registerLine(line, redactor));
          }
        }
        return;
      }
    } catch (IOException notJson) {
      // A key of another shape: each line of it is secret.
    }
    text.lines().map(String::strip).forEach(line -> registerLine(line, redactor));
  }

  private static void registerLine(String line, Redactor redactor) {
    // PEM armour lines are the same in every key; what lies between them is not.
    if (line.length() >= 16 && !line.startsWith("-----")) {
      redactor.register(line);
    }
  }
}
