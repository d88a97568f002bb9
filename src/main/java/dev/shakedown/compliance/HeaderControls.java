package dev.shakedown.compliance;

import dev.shakedown.evidence.Measure;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The response-header controls, on the responses of the public endpoint. */
public final class HeaderControls {
  private HeaderControls() {}

  /** Every response carries {@code header}, error pages included. */
  public static ControlVerdict everyHas(List<ResponseFacts> responses, String header) {
    List<String> without =
        responses.stream().filter(r -> !r.has(header)).map(HeaderControls::describe).toList();
    List<Measure> measures =
        List.of(new Measure("responses without " + header, without.size(), "responses"));
    if (without.isEmpty()) {
      return ControlVerdict.held(measures);
    }
    return ControlVerdict.failed(
        measures,
        String.format(
            Locale.ROOT,
            "%d of %d responses of the public endpoint lack the header %s: %s",
            without.size(),
            responses.size(),
            header,
            String.join(", ", without)));
  }

  /** No response names the server's software and version ({@code Server: nginx/1.25.3}). */
  public static ControlVerdict noVersion(List<ResponseFacts> responses) {
    List<String> revealing = new ArrayList<>();
    for (ResponseFacts response : responses) {
      response.revealedVersion().ifPresent(h -> revealing.add(describe(response) + " sends " + h));
    }
    List<Measure> measures =
        List.of(new Measure("responses revealing a version", revealing.size(), "responses"));
    if (revealing.isEmpty()) {
      return ControlVerdict.held(measures);
    }
    return ControlVerdict.failed(
        measures,
        "the public endpoint reveals its server version: " + String.join("; ", revealing));
  }

  private static String describe(ResponseFacts response) {
    return "GET " + URI.create(response.url()).getPath() + " (" + response.status() + ")";
  }
}
