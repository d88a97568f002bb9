package dev.shakedown.config;

import java.net.URI;
import java.util.List;
import java.util.Locale;

@Doc(
    "Where every run adds its summary, for 'shakedown history', the trend steps and the compliance report's trend. A CI workspace is thrown away after the job: keep the history of a pipeline in a bucket.")
public record HistorySettings(
    @Doc(value = "What keeps the history: directory (the default), s3 or gcs.", example = "s3")
        String store,
    @Doc(
            value = "The folder, for store directory; default: history/ under --reports.",
            example = "/var/lib/shakedown/history")
        String path,
    @Doc(value = "The bucket, for s3 and gcs.", example = "shakedown-history") String bucket,
    @Doc(
            value =
                "The prefix of the run summaries in the bucket, so that one bucket keeps the histories of several deployments.",
            example = "donations/")
        String prefix,
    @Doc(value = "The bucket's region, for s3.", example = "eu-west-2") String region,
    @Doc(
            value = "Another endpoint than the cloud's, as for a test stand-in.",
            example = "http://127.0.0.1:9000")
        URI endpoint,
    @Doc(
            value = "The access key id, for s3; without it, the SDK's default credential chain.",
            example = "${AWS_ACCESS_KEY_ID}")
        Secret accessKeyId,
    @Doc(
            value = "The secret access key that goes with accessKeyId.",
            example = "${AWS_SECRET_ACCESS_KEY}")
        Secret secretAccessKey,
    @Doc(
            value =
                "How many runs the compliance report's trend shows, this run included (2 to 100; default 20).",
            example = "20")
        Integer runs,
    @Doc(
            value =
                "Where a commit is shown, {commit} its id: each point of the trend links there. Default: the CI's own (GitHub, GitLab), else the run's report.",
            example = "https://github.com/acme/donations/commit/{commit}")
        String commitUrl,
    @Doc(
            value =
                "How much slower than the median of the runs before it a feature's run may be before the trend marks it as where the gate slowed down (default 50%).",
            example = "50%")
        Percentage slowdown) {

  public static final int DEFAULT_RUNS = 20;

  /** No {@code history:} key: a folder beside the run folders. */
  public static final HistorySettings DEFAULT =
      new HistorySettings(null, null, null, null, null, null, null, null, null, null, null);

  public HistorySettings {
    store = store == null ? "directory" : store.toLowerCase(Locale.ROOT);
    switch (store) {
      case "directory" -> {
        if (bucket != null || prefix != null || endpoint != null) {
          throw new IllegalArgumentException(
              "bucket, prefix and endpoint are for a history in a bucket: add 'store: s3' or"
                  + " 'store: gcs', or leave them out for a folder");
        }
      }
      case "s3", "gcs" -> {
        if (bucket == null || bucket.isBlank()) {
          throw new IllegalArgumentException(
              "a history in " + store + " needs bucket: the bucket that keeps the summaries");
        }
        if (path != null) {
          throw new IllegalArgumentException(
              "path is for a history in a folder; a history in "
                  + store
                  + " is at bucket and prefix");
        }
        if (endpoint != null && !endpoint.getScheme().matches("https?")) {
          throw new IllegalArgumentException(
              "endpoint " + endpoint + " is not an http or https address");
        }
        if (prefix != null && prefix.startsWith("/")) {
          throw new IllegalArgumentException(
              "prefix starts with '/'; write it as the objects' names begin, as in donations/gate/");
        }
      }
      default ->
          throw new IllegalArgumentException(
              "unknown history store '"
                  + store
                  + "'"
                  + Suggestions.closest(store, List.of("directory", "gcs", "s3"))
                      .map(known -> "; did you mean '" + known + "'?")
                      .orElse(";")
                  + " known: directory, gcs, s3");
    }
    if (!"s3".equals(store) && (region != null || accessKeyId != null || secretAccessKey != null)) {
      throw new IllegalArgumentException(
          "region, accessKeyId and secretAccessKey are for a history in s3, not in " + store);
    }
    if (region != null && region.isBlank()) {
      throw new IllegalArgumentException("region is empty; name the bucket's, as in eu-west-2");
    }
    if ((accessKeyId == null) != (secretAccessKey == null)) {
      throw new IllegalArgumentException(
          "give both accessKeyId and secretAccessKey, or neither for the SDK's default credential chain");
    }
    prefix = prefix == null || prefix.isEmpty() ? "" : prefix.endsWith("/") ? prefix : prefix + "/";
    if (runs != null && (runs < 2 || runs > 100)) {
      throw new IllegalArgumentException(
          "runs is " + runs + "; the trend shows 2 to 100 runs (default " + DEFAULT_RUNS + ")");
    }
    runs = runs == null ? DEFAULT_RUNS : runs;
    slowdown = slowdown == null ? new Percentage(50) : slowdown;
    // A link to click in a signed report: a web page, never a javascript: address.
    if (commitUrl != null
        && (!commitUrl.contains("{commit}") || !commitUrl.matches("(?i)https?://[^\\s\"'<>]+"))) {
      throw new IllegalArgumentException(
          "commitUrl must be an http or https address with {commit} where the commit's id goes,"
              + " as in https://github.com/acme/donations/commit/{commit}");
    }
  }
}
