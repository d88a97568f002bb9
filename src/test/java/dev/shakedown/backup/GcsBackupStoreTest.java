package dev.shakedown.backup;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The GCS backup store with the Google Cloud client: listing and reading against the client's
 * in-memory storage; encryption and IAM, which it does not model, against WireMock stubs of the
 * JSON API with bodies as in its reference.
 */
class GcsBackupStoreTest {
  private WireMockServer wiremock;

  @AfterEach
  void stop() {
    if (wiremock != null) {
      wiremock.stop();
    }
  }

  private static GcsStoreSettings settings(Boolean requireCustomerKey) {
    return new GcsStoreSettings("donations-eu", null, null, requireCustomerKey);
  }

  @Test
  void should_list_the_datasets_backups_by_the_time_in_their_names_and_read_them()
      throws Exception {
    Storage storage = LocalStorageHelper.getOptions().getService();
    for (String name :
        new String[] {
          "donations/donations-20261127T020000Z.jsonl",
          "donations/donations-20261126T020000Z.jsonl",
          "audit/log.txt"
        }) {
      storage.create(
          BlobInfo.newBuilder(BlobId.of("donations-eu", name)).build(),
          name.getBytes(StandardCharsets.UTF_8));
    }
    GcsBackupStore store = GcsBackupStore.of(storage, "donations", settings(null));

    assertThat(store.list())
        .extracting(Backup::takenAt)
        .containsExactly(
            Instant.parse("2026-11-26T02:00:00Z"), Instant.parse("2026-11-27T02:00:00Z"));
    try (InputStream in = store.open(store.list().get(1))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("donations/donations-20261127T020000Z.jsonl");
    }
    assertThat(store.describe()).isEqualTo("gs://donations-eu/donations/");
  }

  private GcsBackupStore stubbed(String bucket, String iam, Boolean requireCustomerKey) {
    wiremock = new WireMockServer(wireMockConfig().dynamicPort());
    wiremock.start();
    wiremock.stubFor(
        get(urlPathEqualTo("/storage/v1/b/donations-eu"))
            .willReturn(
                aResponse().withHeader("Content-Type", "application/json").withBody(bucket)));
    wiremock.stubFor(
        get(urlPathEqualTo("/storage/v1/b/donations-eu/iam"))
            .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(iam)));
    Storage storage =
        StorageOptions.http()
            .setHost(wiremock.baseUrl())
            .setProjectId("donations-prod")
            .setCredentials(NoCredentials.getInstance())
            .build()
            .getService();
    return GcsBackupStore.of(storage, "donations", settings(requireCustomerKey));
  }

  private static String bucket(String extra) {
    return "{\"kind\":\"storage#bucket\",\"id\":\"donations-eu\",\"name\":\"donations-eu\","
        + "\"projectNumber\":\"123456789012\",\"location\":\"EUROPE-WEST2\",\"storageClass\":\"STANDARD\""
        + extra
        + "}";
  }

  private static final String PRIVATE_IAM =
      "{\"kind\":\"storage#policy\",\"resourceId\":\"projects/_/buckets/donations-eu\",\"version\":1,"
          + "\"etag\":\"CAE=\",\"bindings\":[{\"role\":\"roles/storage.legacyBucketOwner\","
          + "\"members\":[\"projectOwner:donations-prod\"]}]}";

  @Test
  void should_tell_a_public_bucket_from_its_iam_bindings() {
    GcsBackupStore store =
        stubbed(
            bucket(""),
            "{\"kind\":\"storage#policy\",\"resourceId\":\"projects/_/buckets/donations-eu\",\"version\":1,"
                + "\"etag\":\"CAE=\",\"bindings\":[{\"role\":\"roles/storage.objectViewer\",\"members\":[\"allUsers\"]}]}",
            null);
    assertThat(store.publicAccess())
        .isEqualTo(
            new BackupStore.Fact(
                true, "gs://donations-eu grants roles/storage.objectViewer to allUsers"));
  }

  @Test
  void should_see_public_access_prevention_and_private_bindings() {
    GcsBackupStore prevented =
        stubbed(
            bucket(
                ",\"iamConfiguration\":{\"publicAccessPrevention\":\"enforced\",\"uniformBucketLevelAccess\":{\"enabled\":true}}"),
            PRIVATE_IAM,
            null);
    assertThat(prevented.publicAccess())
        .isEqualTo(
            new BackupStore.Fact(false, "gs://donations-eu enforces public access prevention"));
    wiremock.stop();

    GcsBackupStore bound = stubbed(bucket(""), PRIVATE_IAM, null);
    assertThat(bound.publicAccess().holds()).isFalse();
  }

  @Test
  void should_ask_for_a_customer_key_when_configured_to() {
    GcsBackupStore google = stubbed(bucket(""), PRIVATE_IAM, true);
    assertThat(google.encryptionAtRest().holds()).isFalse();
    wiremock.stop();

    GcsBackupStore kms =
        stubbed(
            bucket(
                ",\"encryption\":{\"defaultKmsKeyName\":\"projects/donations-prod/locations/europe-west2/keyRings/backups/cryptoKeys/donations\"}"),
            PRIVATE_IAM,
            true);
    assertThat(kms.encryptionAtRest())
        .isEqualTo(
            new BackupStore.Fact(
                true,
                "gs://donations-eu encrypts by default with the KMS key projects/donations-prod/locations/europe-west2/keyRings/backups/cryptoKeys/donations"));
  }
}
