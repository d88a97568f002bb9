@gameday @failover
Feature: Game day: a whole cloud goes
  The room watches one cloud lose every instance while the other takes every donation, and the
  lost cloud come back on its own. Too long and too rough for the pipeline: it runs on a game day,
  with someone watching.

  Background:
    Given the deployment is serving

  Scenario: A whole cloud dies and the other takes everything
    When every instance in cloud "cloud-a" is killed
    Then the deployment keeps serving for 10 seconds with at least 99% success
    And all requests are served by cloud "cloud-b"
    And the killed instances are replaced within 60 seconds
    And the deployment keeps serving for 30 seconds with at least 99% success

  Scenario: A whole cloud dies at the peak
    When donors send 300 donations per second for 30 seconds
    And 2 instances in cloud "cloud-a" are killed after 10 seconds
    Then at least 99.9% of the donations succeed
    And the p99 latency is under 1000 ms
    And every accepted donation can be read back within 10 seconds
