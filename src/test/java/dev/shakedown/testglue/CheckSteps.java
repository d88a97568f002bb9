package dev.shakedown.testglue;

import io.cucumber.java.en.Then;

/** Extra glue for runner tests, loaded with --glue: checks whose outcome the test decides. */
public final class CheckSteps {
  @Then("a check that holds")
  public void aCheckThatHolds() {}

  @Then("a check that does not hold")
  public void aCheckThatDoesNotHold() {
    throw new AssertionError("the check did not hold: measured 12, need 10 at most");
  }

  @Then("the harness trips over a bug")
  public void theHarnessTripsOverABug() {
    throw new IllegalStateException("boom");
  }
}
