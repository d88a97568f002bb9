@throughput
Feature: The peak night's throughput holds while things break
  On one night a year the donations platform takes 300 donations a second. It must take them while an
  instance dies, from one cloud alone, and lose none of them.

  Scenario: 300 donations a second while an instance dies
    When donors send 300 donations per second for 20 seconds
    And 1 instance in cloud "cloud-b" is killed after 5 seconds
    Then at least 99.9% of the donations succeed
    And the p99 latency is under 500 ms
    And every accepted donation can be read back within 10 seconds

  Scenario: One cloud alone takes the whole peak
    Given every instance in cloud "cloud-a" is stopped
    When donors send 300 donations per second for 10 seconds
    Then at least 99.9% of the donations succeed
    And the achieved rate is within 1% of 300 per second
