package dev.shakedown.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BackupStoreProvidersTest {
  @Test
  void should_find_the_stores_on_the_class_path_by_id() {
    BackupStoreProviders stores = BackupStoreProviders.load();

    assertThat(stores.known()).containsExactly("directory", "gcs", "s3");
    assertThat(stores.settingsType("s3")).contains(S3StoreSettings.class);
    assertThat(stores.settingsType("s4")).isEmpty();
  }

  @Test
  void should_refuse_two_stores_with_one_id() {
    assertThatThrownBy(
            () ->
                BackupStoreProviders.of(
                    List.of(new S3BackupStore.Provider(), new S3BackupStore.Provider())))
        .isInstanceOf(dev.shakedown.ShakedownException.class)
        .hasMessageContaining("two backup stores claim the id 's3'");
  }

  @Test
  void should_refuse_settings_of_another_store_built_in_code() {
    var settings =
        new dev.shakedown.config.BackupSettings(
            "S3", null, null, null, new DirectoryStoreSettings("backups", null));

    assertThatThrownBy(
            () ->
                BackupStoreProviders.load().open("donations", settings, java.nio.file.Path.of(".")))
        .isInstanceOf(BackupException.class)
        .hasMessage(
            "the backups of donations name the store 's3' but come with settings of"
                + " DirectoryStoreSettings; the store 's3' takes S3StoreSettings");
  }
}
