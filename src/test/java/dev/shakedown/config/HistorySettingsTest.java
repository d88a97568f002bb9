package dev.shakedown.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** A history's settings say what does not belong to its store, and how to put it right. */
class HistorySettingsTest {
  private static HistorySettings settings(
      String store,
      String path,
      String bucket,
      String prefix,
      String region,
      URI endpoint,
      Integer runs,
      String commitUrl) {
    return new HistorySettings(
        store, path, bucket, prefix, region, endpoint, null, null, runs, commitUrl, null);
  }

  @Test
  void a_bucket_store_needs_a_bucket_and_no_path() {
    assertThatThrownBy(() -> settings("s3", null, null, null, null, null, null, null))
        .hasMessage("a history in s3 needs bucket: the bucket that keeps the summaries");
    assertThatThrownBy(() -> settings("gcs", "/h", "b", null, null, null, null, null))
        .hasMessage("path is for a history in a folder; a history in gcs is at bucket and prefix");
    assertThatThrownBy(() -> settings("s3", null, "b", "/gate", null, null, null, null))
        .hasMessageContaining("prefix starts with '/'");
    assertThatThrownBy(
            () -> settings("s3", null, "b", null, null, URI.create("ftp://x"), null, null))
        .hasMessageContaining("not an http or https address");
  }

  @Test
  void a_folder_has_no_bucket_and_says_which_store_to_name() {
    assertThatThrownBy(() -> settings(null, null, "b", null, null, null, null, null))
        .hasMessageContaining("add 'store: s3' or 'store: gcs'");
    assertThatThrownBy(() -> settings("gcs", null, "b", null, "eu-west-2", null, null, null))
        .hasMessage("region, accessKeyId and secretAccessKey are for a history in s3, not in gcs");
    assertThatThrownBy(() -> settings("s33", null, "b", null, null, null, null, null))
        .hasMessage("unknown history store 's33'; did you mean 's3'? known: directory, gcs, s3");
  }

  @Test
  void the_trend_shows_2_to_100_runs_and_links_only_to_web_pages() {
    assertThatThrownBy(() -> settings(null, null, null, null, null, null, 1, null))
        .hasMessageContaining("2 to 100 runs");
    assertThatThrownBy(
            () -> settings(null, null, null, null, null, null, null, "https://x/commit/"))
        .hasMessageContaining("{commit}");
    assertThatThrownBy(
            () ->
                settings(null, null, null, null, null, null, null, "javascript:alert('{commit}')"))
        .hasMessageContaining("http or https");
  }

  @Test
  void the_defaults_are_a_folder_and_twenty_runs_and_a_prefix_ends_in_a_slash() {
    assertThat(HistorySettings.DEFAULT.store()).isEqualTo("directory");
    assertThat(HistorySettings.DEFAULT.runs()).isEqualTo(20);
    assertThat(HistorySettings.DEFAULT.slowdown().percent()).isEqualTo(50);
    assertThat(settings("S3", null, "b", "gate", null, null, null, null))
        .extracting(HistorySettings::store, HistorySettings::prefix)
        .containsExactly("s3", "gate/");
  }
}
