package dev.shakedown.cli;

import dev.shakedown.steps.Vocabulary;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "steps",
    mixinStandardHelpOptions = true,
    description =
        "Lists every step sentence Shakedown understands, grouped by area, with an example of each.")
final class StepsCommand implements Callable<Integer> {
  @ParentCommand ShakedownCommand parent;

  @Override
  public Integer call() {
    String area = null;
    for (Vocabulary.Sentence sentence : Vocabulary.sentences()) {
      if (!sentence.area().equals(area)) {
        area = sentence.area();
        parent.console.out().println();
        parent.console.out().println(area);
      }
      parent.console.out().println("  " + sentence.keyword() + " " + sentence.expression());
      parent.console.out().println("      e.g. " + sentence.example());
    }
    return 0;
  }
}
