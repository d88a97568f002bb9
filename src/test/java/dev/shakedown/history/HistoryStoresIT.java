package dev.shakedown.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import dev.shakedown.ShakedownException;
import dev.shakedown.config.HistorySettings;
import dev.shakedown.config.Secret;
import dev.shakedown.report.RunSummary;
import dev.shakedown.testing.LocalS3;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The same history in a folder, in S3 (s3proxy, a real S3 protocol server in this JVM, through AWS
 * SDK v2 as the config opens it) and in Cloud Storage (the Google client over its in-memory
 * storage): runs added at once all kept, one run's newer summary replacing the older, what is not a
 * summary named, and an Allure history kept beside the summaries without being taken for one.
 */
class HistoryStoresIT {
  private static final String BUCKET = "shakedown-history";

  @TempDir Path dir;
  private LocalS3 s3;

  @BeforeEach
  void startS3() throws Exception {
    s3 = LocalS3.start("access", "s3cr3t-key", BUCKET);
  }

  @AfterEach
  void stop() throws Exception {
    s3.close();
  }

  private HistorySettings s3(String bucket, String secret) {
    return new HistorySettings(
        "s3",
        null,
        bucket,
        "donations/gate",
        "eu-west-2",
        s3.endpoint(),
        new Secret("access"),
        new Secret(secret),
        null,
        null,
        null);
  }

  private static RunSummary summary(String runId, Instant started, String verdict) {
    return new RunSummary(
        RunSummary.SCHEMA_VERSION,
        runId,
        started,
        started.plusSeconds(90),
        Optional.of("abc123"),
        "jane",
        verdict,
        List.of("cloud-a"),
        List.of(new RunSummary.FeatureTime("features/a.feature", 90_000)),
        List.of(
            new RunSummary.ScenarioSummary(
                "Losing an instance",
                "features/a.feature:3",
                verdict,
                90_000,
                List.of(new RunSummary.Figure("load: p99", 180, "ms")))));
  }

  /** What every store must do, whatever keeps it. */
  private static void holds(HistoryStore store, BiConsumer<String, byte[]> writeRaw)
      throws Exception {
    Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
    ExecutorService threads = Executors.newFixedThreadPool(6);
    List<Future<?>> adding = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      int n = i;
      adding.add(
          threads.submit(
              () ->
                  store.add(
                      summary(
                          String.format("20261201T1000%02dZ-r%02d", n, n),
                          t0.plusSeconds(n),
                          "PASSED"))));
    }
    for (Future<?> add : adding) {
      add.get();
    }
    threads.shutdown();
    store.add(summary("20261201T100003Z-r03", t0.plusSeconds(3), "FAILED"));
    store.addAllureHistory("20261201T100011Z-r11", "{\"history-trend.json\":[]}".getBytes());
    writeRaw.accept(
        "20261130T000000Z-broken.json", "{\"runId\": ".getBytes(StandardCharsets.UTF_8));

    HistoryStore.Listing listing = store.list();

    assertThat(listing.runs()).hasSize(12);
    assertThat(listing.runs().get(0).runId()).isEqualTo("20261201T100000Z-r00");
    assertThat(listing.runs().get(11).runId()).isEqualTo("20261201T100011Z-r11");
    assertThat(listing.runs().get(3).verdict())
        .as("replaced by the newer summary")
        .isEqualTo("FAILED");
    assertThat(listing.unreadable())
        .singleElement()
        .asString()
        .contains("20261130T000000Z-broken.json: not a run summary");
    assertThat(store.allureHistory("20261201T100011Z-r11"))
        .hasValueSatisfying(b -> assertThat(new String(b)).contains("history-trend.json"));
    assertThat(store.allureHistory("20261201T100010Z-r10")).isEmpty();
    store.close();
  }

  @Test
  void a_folder_keeps_the_history() throws Exception {
    Path folder = dir.resolve("history");
    holds(
        HistoryStores.open(HistorySettings.DEFAULT, dir),
        (name, bytes) -> write(folder.resolve(name), bytes));
  }

  @Test
  void an_s3_prefix_keeps_the_history_through_the_sdk_as_the_config_opens_it() throws Exception {
    HistoryStore store = HistoryStores.open(s3(BUCKET, "s3cr3t-key"), dir);
    assertThat(store.describe()).isEqualTo("s3://shakedown-history/donations/gate/");
    try (S3Client raw =
        dev.shakedown.backup.S3Clients.open(
            "eu-west-2", s3.endpoint(), new Secret("access"), new Secret("s3cr3t-key"))) {
      holds(
          store,
          (name, bytes) ->
              raw.putObject(
                  r -> r.bucket(BUCKET).key("donations/gate/" + name),
                  RequestBody.fromBytes(bytes)));
    }
  }

  @Test
  void a_gcs_prefix_keeps_the_history() throws Exception {
    Storage storage = LocalStorageHelper.getOptions().getService();
    holds(
        new GcsHistory(storage, BUCKET, "donations/gate/"),
        (name, bytes) ->
            storage.create(
                BlobInfo.newBuilder(BlobId.of(BUCKET, "donations/gate/" + name)).build(), bytes));
  }

  @Test
  void a_bucket_that_is_not_there_or_denied_is_named_and_the_key_never_shown() {
    HistoryStore missing = HistoryStores.open(s3("no-such-bucket", "s3cr3t-key"), dir);
    assertThatThrownBy(missing::list)
        .isInstanceOf(ShakedownException.class)
        .hasMessageContaining("s3://no-such-bucket/donations/gate/")
        .hasMessageContaining("no bucket at s3://no-such-bucket/donations/gate/");
    HistoryStore denied = HistoryStores.open(s3(BUCKET, "wrong-key"), dir);
    assertThatThrownBy(() -> denied.add(summary("20261201T100000Z-r00", Instant.now(), "PASSED")))
        .isInstanceOf(ShakedownException.class)
        .hasMessageContaining(
            "S3 did not accept the credentials for s3://shakedown-history/donations/gate/"
                + " (SignatureDoesNotMatch): check accessKeyId and secretAccessKey")
        .hasMessageNotContaining("wrong-key")
        .hasMessageNotContaining("s3cr3t-key");
  }

  private static void write(Path file, byte[] bytes) {
    try {
      Files.write(file, bytes);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
