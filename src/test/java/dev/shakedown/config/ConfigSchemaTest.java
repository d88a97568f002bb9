package dev.shakedown.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shakedown.fleet.FleetProviders;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigSchemaTest {
  private static final Path COMMITTED = Path.of("config/clouds/shakedown.schema.json");

  @Test
  void the_committed_schema_is_the_generated_one() throws Exception {
    String generated = ConfigSchema.generate(FleetProviders.load());
    if (System.getProperty("shakedown.updateSchema") != null) {
      Files.writeString(COMMITTED, generated);
    }
    assertThat(Files.readString(COMMITTED))
        .as(
            "config/clouds/shakedown.schema.json is stale; regenerate it with 'bin/shakedown schema > %s'",
            COMMITTED)
        .isEqualTo(generated);
  }

  @Test
  void the_schema_describes_every_key_and_one_branch_per_provider() throws Exception {
    JsonNode schema = new ObjectMapper().readTree(ConfigSchema.generate(FleetProviders.load()));

    assertThat(schema.at("/required/0").asText()).isEqualTo("clouds");
    assertThat(schema.at("/additionalProperties").asBoolean()).isFalse();
    JsonNode branches = schema.at("/properties/clouds/additionalProperties/oneOf");
    JsonNode local = null;
    JsonNode aws = null;
    JsonNode gcp = null;
    JsonNode cf = null;
    JsonNode bosh = null;
    for (JsonNode branch : branches) {
      String provider = branch.at("/properties/provider/const").asText();
      local = provider.equals("local") ? branch : local;
      aws = provider.equals("aws") ? branch : aws;
      gcp = provider.equals("gcp") ? branch : gcp;
      cf = provider.equals("cloudfoundry") ? branch : cf;
      bosh = provider.equals("bosh") ? branch : bosh;
    }
    assertThat(branches).hasSize(6);
    assertThat(bosh).as("the bosh branch").isNotNull();
    assertThat(bosh.at("/required").toString())
        .contains("\"director\"", "\"deployment\"", "\"clientId\"");
    assertThat(bosh.at("/properties/instanceGroup/description").asText())
        .contains("instance group");
    assertThat(cf).as("the cloudfoundry branch").isNotNull();
    assertThat(cf.at("/properties/space/description").asText()).contains("space of the app");
    assertThat(cf.at("/required").toString()).contains("\"api\"", "\"org\"", "\"app\"");
    assertThat(gcp).as("the gcp branch").isNotNull();
    assertThat(gcp.at("/properties/instanceGroup/description").asText())
        .contains("managed instance group");
    assertThat(local).as("the local branch").isNotNull();
    assertThat(aws).as("the aws branch").isNotNull();
    assertThat(aws.at("/properties/autoScalingGroup/description").asText())
        .contains("Auto Scaling group");
    assertThat(aws.at("/properties/command").isMissingNode()).isTrue();
    assertThat(local.at("/properties/command/description").asText()).contains("{port}");
    assertThat(local.at("/properties/replicas/anyOf/0/minimum").asDouble()).isEqualTo(1.0);
    assertThat(local.at("/properties/probe/properties/timeout/examples/0").asText())
        .isEqualTo("2s");
    assertThat(local.at("/additionalProperties").asBoolean()).isFalse();
  }
}
