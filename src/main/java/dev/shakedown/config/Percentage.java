package dev.shakedown.config;

import java.util.Locale;

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

  public static Percentage ofFraction(double fraction) {
    return new Percentage(fraction * 100);
  }

  public double fraction() {
    return percent / 100;
  }

  @Override
  public int compareTo(Percentage other) {
    return Double.compare(percent, other.percent);
  }

  /** Up to two decimals, trailing zeros dropped: {@code 99%}, {@code 99.9%}, {@code 96.15%}. */
  @Override
  public String toString() {
    String text = String.format(Locale.ROOT, "%.2f", percent);
    text = text.replaceAll("0+$", "").replaceAll("\\.$", "");
    return text + "%";
  }
}
