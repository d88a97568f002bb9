@gameday @throughput
Feature: Game day: the breaking point
  The peak night asks for 300 donations a second. How far above that does the deployment hold,
  and how does it break? A ramp far past the peak finds out, with the room watching the rate at
  which success or latency gives way.

  Scenario: Ramping to ten times the peak
    When the donation rate ramps from 100 to 3000 per second over 30 seconds
    Then the report shows the highest rate served with at least 99% success and p99 under 500 ms
