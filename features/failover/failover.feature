@failover @commit
Feature: Failover keeps donations flowing
  A donor who is moved to give must never see an error. When instances, or a
  whole cloud, fail, the rest of the deployment keeps taking donations.

  Background:
    Given the deployment is serving

  Scenario: Losing one instance
    When 1 instance in cloud "cloud-a" is killed
    Then the deployment keeps serving for 10 seconds with at least 99% success
    And the killed instance is replaced within 60 seconds

  Scenario: Losing a whole cloud
    When every instance in cloud "cloud-a" is killed
    Then the deployment keeps serving for 10 seconds with at least 99% success
    And all requests are served by cloud "cloud-b"

  Scenario: A rolling restart of a cloud
    When the instances in cloud "cloud-b" are restarted one at a time
    Then the deployment keeps serving throughout with at least 99.9% success
