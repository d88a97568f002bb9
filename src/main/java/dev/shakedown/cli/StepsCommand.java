package dev.shakedown.cli;

import dev.shakedown.config.ConfigLoader;
import dev.shakedown.config.Noun;
import dev.shakedown.config.ShakedownConfig;
import dev.shakedown.fleet.FleetProviders;
import dev.shakedown.steps.Vocabulary;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "steps",
    mixinStandardHelpOptions = true,
    description =
        "Lists every step sentence Shakedown understands, grouped by area, with an example of each.")
final class StepsCommand implements Callable<Integer> {
  @ParentCommand ShakedownCommand parent;

  @Option(
      names = "--clouds",
      paramLabel = "FILE",
      split = ",",
      description =
          "Cloud config files: the examples then call the load's requests as load.name does (donations).")
  List<Path> clouds = List.of();

  @Override
  public Integer call() {
    Noun noun = Noun.REQUEST;
    if (!clouds.isEmpty()) {
      ShakedownConfig config =
          new ConfigLoader(FleetProviders.load(), parent.environment).load(clouds);
      parent.console.secrets().accept(config.redactor());
      noun = config.loadNoun();
    }
    parent
        .console
        .out()
        .println(
            "{noun} is what the load's requests are called: "
                + (noun.equals(Noun.REQUEST)
                    ? "requests (set load.name in the config to name them)"
                    : noun.plural() + " (load.name: " + noun.singular() + "), or requests"));
    String area = null;
    for (Vocabulary.Sentence raw : Vocabulary.sentences()) {
      Vocabulary.Sentence sentence = raw.with(noun);
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
