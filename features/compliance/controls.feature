# A tag @control:<ID> maps a scenario to a control of config/controls.yaml in the compliance report.
@compliance @commit
Feature: The controls that auditors check
  Each scenario is evidence for the controls tagged on it. The compliance report lists every
  control, its verdict, when and where it was checked, and the measurements behind the verdict.

  @control:PCI-DSS-4.2.1
  Scenario: Donations travel over strong TLS only
    Then the public endpoint accepts only TLS 1.2 or newer
    And its certificate is valid for at least 30 more days

  @control:PCI-DSS-6.4.1 @control:OWASP-ASVS-14.4
  Scenario: The public endpoint sends security headers
    Then every response of the public endpoint has the header "Strict-Transport-Security"
    And no response of the public endpoint reveals a server version

  @control:ISO27001-A.8.13 @control:SOC2-A1.2
  Scenario: Backups are encrypted and kept
    Then every backup store enforces encryption at rest
    And no backup store is publicly readable

  @control:SOC2-A1.2 @control:ISO27001-A.8.14
  Scenario: No single cloud or zone can take the deployment down
    Then the instances run in at least 2 clouds
    And no cloud holds more than 60% of the instances

  @control:SOC2-CC7.2
  Scenario: Every instance is labelled with its owner
    Then every instance carries the labels "owner" and "service"
