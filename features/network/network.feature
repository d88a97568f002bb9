@network @commit
Feature: A slow or broken network does not stop donations
  Network faults go through the Toxiproxy proxies named in the cloud's config.
  Every fault is removed when its scenario ends, whatever happens.

  Background:
    Given the deployment is serving

  Scenario: The store link of one cloud slows down
    When 800 ms of latency with 200 ms of jitter is added to "cloud-a/store"
    Then the deployment keeps serving for 10 seconds with at least 99% success
    And the p99 latency stays under 1500 ms

  Scenario: One cloud's store becomes unreachable
    When "cloud-a/store" is cut off
    Then the deployment keeps serving for 10 seconds with at least 99% success

  Scenario: A lossy link
    When the connections to "cloud-b/store" are reset after 100 ms for 50% of connections
    Then the deployment keeps serving for 10 seconds with at least 99% success

  Scenario: Faults are removed afterwards
    When 500 ms of latency is added to "cloud-a/store" for 5 seconds
    Then after 6 seconds no fault is active on "cloud-a/store"
