package dev.shakedown.backup;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.shakedown.cli.CommandLineRun;
import dev.shakedown.config.BackupSettings;
import dev.shakedown.config.Secret;
import dev.shakedown.testing.LocalS3;
import dev.shakedown.testing.Workspace;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 backup store through AWS SDK v2: listing, freshness and retention against s3proxy (a real
 * S3 protocol server in this JVM); encryption and public access, which s3proxy does not model,
 * against WireMock stubs whose bodies are those of the S3 API reference.
 */
class S3BackupStoreIT {
  private static final String BUCKET = "donations-backups";
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final String XMLNS = "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";

  @TempDir Path dir;
  private LocalS3 proxy;
  private WireMockServer wiremock;
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  @BeforeEach
  void startS3() throws Exception {
    proxy = LocalS3.start("access", "secret");
    try (S3Client s3 =
        S3Client.builder()
            .endpointOverride(URI.create("http://127.0.0.1:" + proxy.port()))
            .forcePathStyle(true)
            .region(Region.US_EAST_1)
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("access", "secret")))
            .build()) {
      s3.createBucket(b -> b.bucket(BUCKET));
      // A nightly job's last eight nights, and something else under another prefix.
      for (int night = 8; night >= 1; night--) {
        Instant taken = now.minus(Duration.ofDays(night - 1)).minus(Duration.ofHours(2));
        String key = "donations/donations-" + STAMP.format(taken) + ".jsonl";
        s3.putObject(
            b -> b.bucket(BUCKET).key(key), RequestBody.fromString("{\"id\":\"n" + night + "\"}"));
      }
      s3.putObject(b -> b.bucket(BUCKET).key("other/x.jsonl"), RequestBody.fromString("x"));
    }
  }

  @AfterEach
  void stop() throws Exception {
    proxy.close();
    if (wiremock != null) {
      wiremock.stop();
    }
  }

  private BackupSettings settings(URI endpoint, Boolean requireCustomerKey) {
    return new BackupSettings(
        "s3",
        null,
        null,
        null,
        new S3StoreSettings(
            BUCKET,
            null,
            "eu-west-2",
            endpoint,
            new Secret("access"),
            new Secret("secret"),
            requireCustomerKey));
  }

  @Test
  void should_list_the_datasets_backups_with_the_times_in_their_names_oldest_first()
      throws Exception {
    try (BackupStore store =
        BackupStoreProviders.load()
            .open(
                "donations", settings(URI.create("http://127.0.0.1:" + proxy.port()), null), dir)) {
      List<Backup> backups = store.list();

      assertThat(backups).hasSize(8);
      assertThat(backups).extracting(Backup::name).allMatch(n -> n.startsWith("donations/"));
      assertThat(backups.get(7).takenAt()).isEqualTo(now.minus(Duration.ofHours(2)));
      assertThat(backups.get(0).takenAt())
          .isEqualTo(now.minus(Duration.ofDays(7)).minus(Duration.ofHours(2)));
      try (InputStream in = store.open(backups.get(7))) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
            .isEqualTo("{\"id\":\"n1\"}");
      }
      assertThat(store.describe()).isEqualTo("s3://donations-backups/donations/");
    }
  }

  @Test
  void should_hold_freshness_and_retention_through_the_steps_and_fail_them_with_the_figures() {
    Workspace workspace = new Workspace(dir);
    Path config =
        workspace.write(
            "s3.yaml",
            """
            clouds:
              aws-eu:
                provider: local
                backups:
                  donations:
                    store: s3
                    bucket: donations-backups
                    region: eu-west-2
                    endpoint: http://127.0.0.1:%d
                    accessKeyId: access
                    secretAccessKey: secret
            """
                .formatted(proxy.port()));
    Path kept =
        workspace.write(
            "features/kept.feature",
            """
            Feature: Backups
              Scenario: Fresh and kept
                Then the latest backup of "donations" is at most 24 hours old
                And at least 7 daily backups of "donations" are kept
            """);
    CommandLineRun run = workspace.run("run", kept.toString(), "--clouds", config.toString());
    assertThat(run.exitCode()).as(run.all()).isZero();

    Path strict =
        workspace.write(
            "features/strict.feature",
            """
            Feature: Backups
              Scenario: Fresher and kept longer
                Then the latest backup of "donations" is at most 1 hour old
              Scenario: Kept longer
                Then at least 9 daily backups of "donations" are kept
            """);
    CommandLineRun failed = workspace.run("run", strict.toString(), "--clouds", config.toString());
    assertThat(failed.exitCode()).as(failed.all()).isEqualTo(1);
    assertThat(failed.out())
        .contains(
            "the latest backup of donations is older than 1 h: aws-eu donations (s3://donations-backups/donations/): the latest, donations/donations-")
        .contains("was taken ")
        .contains(
            "fewer than 9 daily backups of donations are kept: aws-eu donations (s3://donations-backups/donations/) keeps backups of 8 day(s)");
    // The secret access key is nowhere in what the run wrote.
    assertThat(workspace.everythingWritten()).doesNotContain("secretAccessKey: secret");
  }

  private BackupStore stubbed(Boolean requireCustomerKey) {
    wiremock = new WireMockServer(wireMockConfig().dynamicPort());
    wiremock.start();
    return BackupStoreProviders.load()
        .open("donations", settings(URI.create(wiremock.baseUrl()), requireCustomerKey), dir);
  }

  private void stub(String query, int status, String body) {
    wiremock.stubFor(
        get(urlEqualTo("/" + BUCKET + "?" + query))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/xml")
                    .withHeader("x-amz-request-id", "4442587FB7D0A2F9")
                    .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body)));
  }

  private static String error(String code, String message) {
    return "<Error><Code>"
        + code
        + "</Code><Message>"
        + message
        + "</Message><BucketName>"
        + BUCKET
        + "</BucketName><RequestId>4442587FB7D0A2F9</RequestId><HostId>fHbJ6f7eGzp9</HostId></Error>";
  }

  @Test
  void should_read_default_encryption_on_and_off() {
    try (BackupStore store = stubbed(true)) {
      stub(
          "encryption",
          200,
          "<ServerSideEncryptionConfiguration "
              + XMLNS
              + "><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm>"
              + "<KMSMasterKeyID>arn:aws:kms:eu-west-2:111122223333:key/1234abcd</KMSMasterKeyID>"
              + "</ApplyServerSideEncryptionByDefault><BucketKeyEnabled>true</BucketKeyEnabled></Rule>"
              + "</ServerSideEncryptionConfiguration>");
      assertThat(store.encryptionAtRest())
          .isEqualTo(
              new BackupStore.Fact(
                  true,
                  "s3://donations-backups encrypts by default with aws:kms (key arn:aws:kms:eu-west-2:111122223333:key/1234abcd)"));

      stub(
          "encryption",
          200,
          "<ServerSideEncryptionConfiguration "
              + XMLNS
              + "><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm>"
              + "</ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>");
      assertThat(store.encryptionAtRest().holds())
          .isFalse(); // requireCustomerKey: SSE-S3 is not KMS
      assertThat(store.encryptionAtRest().detail())
          .contains("not a KMS key as requireCustomerKey asks");

      stub(
          "encryption",
          404,
          error(
              "ServerSideEncryptionConfigurationNotFoundError",
              "The server side encryption configuration was not found"));
      assertThat(store.encryptionAtRest())
          .isEqualTo(
              new BackupStore.Fact(
                  false, "s3://donations-backups has no default encryption configured"));
    }
  }

  @Test
  void should_tell_public_access_from_block_public_access_policy_status_and_acl() {
    try (BackupStore store = stubbed(null)) {
      stub(
          "publicAccessBlock",
          200,
          "<PublicAccessBlockConfiguration "
              + XMLNS
              + "><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls>"
              + "<BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets>"
              + "</PublicAccessBlockConfiguration>");
      assertThat(store.publicAccess())
          .isEqualTo(
              new BackupStore.Fact(false, "s3://donations-backups blocks all public access"));

      stub(
          "publicAccessBlock",
          404,
          error(
              "NoSuchPublicAccessBlockConfiguration",
              "The public access block configuration was not found"));
      stub(
          "policyStatus",
          200,
          "<PolicyStatus " + XMLNS + "><IsPublic>true</IsPublic></PolicyStatus>");
      assertThat(store.publicAccess())
          .isEqualTo(
              new BackupStore.Fact(
                  true, "the bucket policy of s3://donations-backups makes it public"));

      stub("policyStatus", 404, error("NoSuchBucketPolicy", "The bucket policy does not exist"));
      stub(
          "acl",
          200,
          "<AccessControlPolicy "
              + XMLNS
              + "><Owner><ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID></Owner>"
              + "<AccessControlList><Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"Group\">"
              + "<URI>http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee><Permission>READ</Permission></Grant>"
              + "</AccessControlList></AccessControlPolicy>");
      assertThat(store.publicAccess())
          .isEqualTo(
              new BackupStore.Fact(
                  true, "the ACL of s3://donations-backups grants READ to everyone"));

      stub(
          "acl",
          200,
          "<AccessControlPolicy "
              + XMLNS
              + "><Owner><ID>75aa57f0</ID></Owner><AccessControlList><Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CanonicalUser\">"
              + "<ID>75aa57f0</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant></AccessControlList></AccessControlPolicy>");
      assertThat(store.publicAccess().holds()).isFalse();
    }
  }

  @Test
  void should_name_the_permission_when_access_is_denied() {
    try (BackupStore store = stubbed(null)) {
      stub("encryption", 403, error("AccessDenied", "Access Denied"));
      assertThatThrownBy(store::encryptionAtRest)
          .isInstanceOf(BackupException.class)
          .hasMessage(
              "s3:GetEncryptionConfiguration on s3://donations-backups was denied: grant s3:GetEncryptionConfiguration on arn:aws:s3:::donations-backups to the credentials Shakedown runs with");
    }
  }
}
