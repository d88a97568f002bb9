package dev.shakedown.runner;

import io.cucumber.tagexpressions.Expression;
import io.cucumber.tagexpressions.TagExpressionException;
import io.cucumber.tagexpressions.TagExpressionParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scenarios tagged {@code @gameday} are the room's: bigger, longer, and they break more. They never
 * run by accident. A pipeline that says {@code --tags @commit} must not take the
 * half-of-every-cloud scenario of a feature tagged {@code @commit} as a whole, so they are left out
 * unless the run is a game day ({@code --gameday}, or its dry run) or its tag expression asks for
 * {@code @gameday} itself: with some tags, a scenario is taken only because it carries {@code
 * @gameday} ({@code @gameday}, {@code @failover and @gameday}). {@code @commit or not @gameday}
 * asks for none.
 */
final class GamedayScenarios {
  static final String TAG = "@gameday";

  private static final Pattern A_TAG = Pattern.compile("@[^\\s()]+");

  // Past this many other tags in one expression, every subset of them is too many to try.
  private static final int MOST_TAGS = 12;

  private GamedayScenarios() {}

  /** The tag expression the engine is given for the user's {@code --tags}. */
  static Optional<String> filter(Optional<String> tags, boolean gameday) {
    if (!leavesOut(tags, gameday)) {
      return tags;
    }
    return Optional.of(tags.map(t -> "(" + t + ") and not " + TAG).orElse("not " + TAG));
  }

  /** The expression selecting exactly the scenarios {@link #filter} leaves out, when it does. */
  static Optional<String> leftOut(Optional<String> tags, boolean gameday) {
    if (!leavesOut(tags, gameday)) {
      return Optional.empty();
    }
    return Optional.of(tags.map(t -> "(" + t + ") and " + TAG).orElse(TAG));
  }

  static String hint(int count) {
    return "left out "
        + count
        + (count == 1 ? " scenario" : " scenarios")
        + " tagged "
        + TAG
        + ": they run on a game day (--gameday), or when --tags names "
        + TAG;
  }

  private static boolean leavesOut(Optional<String> tags, boolean gameday) {
    return !gameday && tags.filter(GamedayScenarios::asksForGameday).isEmpty();
  }

  /**
   * Whether some scenario is taken only because it carries {@code @gameday}: with some of the other
   * tags the expression names, a scenario is not taken without it and is with it.
   */
  static boolean asksForGameday(String tags) {
    Expression expression;
    try {
      expression = TagExpressionParser.parse(tags);
    } catch (TagExpressionException e) {
      return false; // the runner says what is wrong with it
    }
    List<String> others = new ArrayList<>();
    Matcher tag = A_TAG.matcher(tags);
    while (tag.find()) {
      if (!tag.group().equals(TAG) && !others.contains(tag.group())) {
        others.add(tag.group());
      }
    }
    if (others.size() > MOST_TAGS) {
      return expression.evaluate(List.of(TAG)) && !expression.evaluate(List.of())
          || expression.evaluate(with(others, TAG)) && !expression.evaluate(others);
    }
    for (long subset = 0; subset < 1L << others.size(); subset++) {
      List<String> carried = new ArrayList<>();
      for (int i = 0; i < others.size(); i++) {
        if ((subset & 1L << i) != 0) {
          carried.add(others.get(i));
        }
      }
      if (!expression.evaluate(carried) && expression.evaluate(with(carried, TAG))) {
        return true;
      }
    }
    return false;
  }

  private static List<String> with(List<String> tags, String tag) {
    List<String> all = new ArrayList<>(tags);
    all.add(tag);
    return all;
  }
}
