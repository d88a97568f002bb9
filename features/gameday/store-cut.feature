@gameday @network
Feature: Game day: a store cut off for a minute
  One cloud loses its store for a whole minute at the peak rate. Donations must still be taken,
  and none accepted may be lost once the link is back: what that cloud's instances held while
  their store was away drains into it, and across to the other cloud, within a minute.

  Background:
    Given the deployment is serving

  Scenario: One cloud's store is cut off for a minute at the peak
    When "cloud-a/store" is cut off for 60 seconds
    And donors send 300 donations per second for 60 seconds
    Then at least 99.9% of the donations succeed
    And the p99 latency is under 1000 ms
    And every accepted donation can be read back within 60 seconds
    And after 5 seconds no fault is active on "cloud-a/store"
