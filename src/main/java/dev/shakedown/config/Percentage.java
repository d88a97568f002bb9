package dev.shakedown.config;

/**
 * A share between 0% and 100%, written {@code 99.9%}. Kept as a percentage rather than a fraction
 * because that is how every sentence and config file states it.
 */
public record Percentage(double percent) implements Comparable<Percentage> {

  public Percentage {
    if (Double.isNaN(percent) || percent < 0 || percent > 100) {
      throw new IllegalArgumentException(
          "'" + percent + "%' is not a percentage; write a value from 0% to 100%, such as 99.9%");
    }
  }

  /** Accepts {@code 99.9%}, {@code 99.9 %} and a bare {@code 99.9}. */
  public static Percentage parse(String text) {
    String number = text.trim();
    if (number.endsWith("%")) {
      number = number.substring(0, number.length() - 1).trim();
    }
    try {
      return new Percentage(Double.parseDouble(number));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a percentage; write a value from 0% to 100%, such as 99.9%");
    }
  }

  /**
   * A share from a fraction, such as succeeded / total: cleaned of the last bits of floating-point
   * noise, so that 57 of 100 is exactly 57% and meets a floor of 57%.
   */
  public static Percentage ofFraction(double fraction) {
    return new Percentage(Math.round(fraction * 100 * 1e9) / 1e9);
  }

  public double fraction() {
    return percent / 100;
  }

  @Override
  public int compareTo(Percentage other) {
    return Double.compare(percent, other.percent);
  }

  /**
   * Up to two decimals, trailing zeros dropped: {@code 99%}, {@code 99.9%}, {@code 96.15%}. Cut,
   * never rounded up: a measured 99.996% reads 99.99%, not the 100% a floor of 100% asks for.
   */
  @Override
  public String toString() {
    return java.math.BigDecimal.valueOf(percent)
            .setScale(9, java.math.RoundingMode.HALF_UP) // floating-point noise, not a measure
            .setScale(2, java.math.RoundingMode.DOWN)
            .stripTrailingZeros()
            .toPlainString()
        + "%";
  }
}
