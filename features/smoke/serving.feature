@smoke @commit
Feature: The deployment serves donations
  Before any fault is injected, the deployment must be in a steady state:
  every cloud answers its health probe.

  Scenario: Every cloud is serving
    Given the deployment is serving
