@throughput
Feature: The same sentences for any service
  A team testing a payments API or a search service writes about requests; the config's load.name
  (here: donation) lets the demo's features say "donations" for the same steps.

  Scenario: Requests sent at a steady rate are served and kept
    Given the deployment is serving
    When 100 requests per second are sent for 5 seconds
    Then at least 99.9% of the requests succeed
    And every accepted request can be read back within 10 seconds
