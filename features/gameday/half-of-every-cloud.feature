@gameday @failover
Feature: Game day: half of every cloud at once
  No cloud is spared: each loses a share of its instances at the same moment, and what is left
  everywhere carries the donations until the replacements serve.

  Background:
    Given the deployment is serving

  Scenario Outline: Losing a share of every cloud at once
    When <share> of the instances in every cloud are killed
    Then the deployment keeps serving for 30 seconds with at least <success> success

    Examples:
      | share | success |
      | 50%   | 99%     |
