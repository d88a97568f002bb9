@rollout
Feature: A new revision rolls out without a donor noticing
  The platform team ships every commit. A rollout replaces every instance of a
  cloud, and donations keep flowing while it does: Cloud Foundry's rolling
  deployment, or one instance at a time where the platform has none.

  Scenario: Rolling out a new revision
    Given the deployment is serving
    When cloud "cloud-b" rolls out a new revision
    Then the deployment keeps serving throughout with at least 99.9% success
