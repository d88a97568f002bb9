@backup
Feature: Backups are taken, kept and can be restored
  A backup that has never been restored is a hope, not a backup. The demo's stores back up every
  10 seconds and keep the last ten, so a run sees one day of them; a real store is asked for 7.

  @commit @control:ISO27001-A.8.13
  Scenario: The latest backup is fresh
    Then the latest backup of "donations" is at most 24 hours old
    And at least 1 daily backup of "donations" is kept

  @control:SOC2-A1.3
  Scenario: A restore drill recovers every donation
    Given 500 donations have been made
    And a backup of "donations" has been taken
    When the latest backup of "donations" is restored into a scratch copy
    Then the scratch copy holds every donation made before the backup
    And the restore took under 5 minutes

  @control:SOC2-A1.3 @control:ISO27001-A.8.13
  Scenario: Losing the primary store loses at most 5 minutes of donations
    Given donors send 50 donations per second for 30 seconds
    When the store of cloud "cloud-a" is wiped and restored from its latest backup
    Then at most 5 minutes of accepted donations are missing
