package dev.shakedown;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The package rules of DESIGN.md, checked on every build. */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.shakedown");

  @Test
  void packages_have_no_cycles() {
    slices().matching("dev.shakedown.(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void steps_are_a_veneer_that_nothing_below_depends_on() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.shakedown.steps..", "dev.shakedown.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.shakedown.steps..")
        .because("the glue calls services; services never call the glue")
        .check(CLASSES);
  }

  @Test
  void steps_see_fleets_only_through_the_spi() {
    noClasses()
        .that()
        .resideInAPackage("dev.shakedown.steps..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.shakedown.fleet.*..", "software.amazon.awssdk..", "com.google.cloud..")
        .because("a step works on any cloud: it knows Fleet, never a provider")
        .check(CLASSES);
  }

  @Test
  void the_spi_knows_no_provider() {
    noClasses()
        .that()
        .resideInAPackage("dev.shakedown.fleet")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.shakedown.fleet.*..")
        .because("providers are found with ServiceLoader: the SPI names none of them")
        .check(CLASSES);
  }

  @Test
  void the_runner_sees_fleets_and_services_only_through_the_spi() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.shakedown.runner..", "dev.shakedown.api..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.shakedown.fleet.*..")
        .because("a run opens any provider the same way: Fleet, FleetProviders, Services")
        .check(CLASSES);
  }

  @Test
  void steps_reach_the_run_only_through_what_cucumber_injects() {
    noClasses()
        .that()
        .resideInAPackage("dev.shakedown.steps..")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("dev.shakedown.runner.ActiveRun")
        .because("the run reaches the glue once, at the Cucumber boundary (CurrentRun)")
        .check(CLASSES);
  }

  @Test
  void step_definitions_leave_the_dry_run_to_the_run() {
    noClasses()
        .that()
        .resideInAPackage("dev.shakedown.steps..")
        .and()
        .haveSimpleNameEndingWith("Steps")
        .should()
        .callMethod(dev.shakedown.runner.RunContext.class, "planning")
        .because(
            "fleets and faults are planned by their decorators, checks by CurrentRun.check: a step"
                + " reads the same in a dry run")
        .check(CLASSES);
  }

  @Test
  void steps_neither_poll_nor_sleep() {
    noClasses()
        .that()
        .resideInAPackage("dev.shakedown.steps..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.shakedown.poll..")
        .orShould()
        .callMethod(Thread.class, "sleep", long.class)
        .because("a wait is the API's business: Poll, the monitor, the run's own timed wait")
        .check(CLASSES);
  }

  @Test
  void config_depends_on_nothing_of_shakedown_but_itself() {
    noClasses()
        .that()
        .resideInAPackage("dev.shakedown.config..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.shakedown.cli..",
            "dev.shakedown.runner..",
            "dev.shakedown.steps..",
            "dev.shakedown.fleet..",
            "dev.shakedown.traffic..",
            "dev.shakedown.report..",
            "dev.shakedown.evidence..")
        .check(CLASSES);
  }

  @Test
  void providers_do_not_know_the_runner_or_the_cli() {
    noClasses()
        .that()
        .resideInAPackage("dev.shakedown.fleet..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.shakedown.runner..", "dev.shakedown.cli..", "dev.shakedown.steps..")
        .check(CLASSES);
  }

  @Test
  void only_the_cli_and_the_demo_processes_write_to_the_console() {
    ArchRule rule =
        noClasses()
            .that()
            .resideOutsideOfPackages(
                "dev.shakedown.cli..", "dev.shakedown.demo..", "dev.shakedown.api..")
            .should()
            .accessField(System.class, "out")
            .orShould()
            .accessField(System.class, "err")
            .orShould()
            .callMethod(Throwable.class, "printStackTrace")
            .because(
                "the runner reports through RunListener; the CLI (or the Java API, for a test) decides"
                    + " what reaches the console");
    rule.check(CLASSES);
  }

  @Test
  void aws_sdk_types_stay_in_the_aws_provider_and_the_s3_stores() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.shakedown.fleet.aws..")
        .and()
        .doNotHaveFullyQualifiedName("dev.shakedown.backup.S3BackupStore")
        .and()
        .doNotHaveFullyQualifiedName("dev.shakedown.backup.S3Clients")
        .and()
        .doNotHaveFullyQualifiedName("dev.shakedown.backup.S3Errors")
        .and()
        .doNotHaveFullyQualifiedName("dev.shakedown.history.S3History")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("software.amazon.awssdk..")
        .because(
            "a cloud's SDK is a provider's business (and the bucket stores'): everything else sees"
                + " Fleet, BackupStore and HistoryStore")
        .check(CLASSES);
  }

  @Test
  void google_cloud_types_stay_in_the_gcp_provider_and_the_gcs_stores() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.shakedown.fleet.gcp..")
        .and()
        .doNotHaveFullyQualifiedName("dev.shakedown.backup.GcsBackupStore")
        .and()
        .doNotHaveFullyQualifiedName("dev.shakedown.backup.GcsClients")
        .and()
        .doNotHaveFullyQualifiedName("dev.shakedown.history.GcsHistory")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.google.cloud..")
        .because(
            "a cloud's SDK is a provider's business (and the bucket stores'): everything else sees"
                + " Fleet, BackupStore and HistoryStore")
        .check(CLASSES);
  }

  @Test
  void kubernetes_client_types_stay_in_the_kubernetes_provider_and_its_load_engine() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.shakedown.fleet.kubernetes..", "dev.shakedown.kubernetes..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.fabric8..")
        .because(
            "a cluster's client is the kubernetes provider's and load engine's business: everything"
                + " else sees Fleet and WorkerEngine")
        .check(CLASSES);
  }

  @Test
  void cloud_foundry_code_stays_in_its_fleet_package() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.shakedown.fleet.cloudfoundry..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.shakedown.fleet.cloudfoundry..")
        .because(
            "Cloud Foundry is one provider's business: found by ServiceLoader, seen as a Fleet")
        .check(CLASSES);
  }

  @Test
  void bosh_code_stays_in_its_fleet_package() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.shakedown.fleet.bosh..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.shakedown.fleet.bosh..")
        .because("BOSH is one provider's business: found by ServiceLoader, seen as a Fleet")
        .check(CLASSES);
  }

  @Test
  void the_shared_rest_plumbing_speaks_no_platforms_vocabulary() {
    noClasses()
        .that()
        .resideInAPackage("dev.shakedown.fleet.rest..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.shakedown.fleet.cloudfoundry..", "dev.shakedown.fleet.bosh..")
        .because("UAA and HTTP calls are shared by providers, and know none of them")
        .check(CLASSES);
  }

  @Test
  void providers_do_not_depend_on_one_another() {
    for (String provider : List.of("aws", "gcp", "local", "cloudfoundry", "bosh", "kubernetes")) {
      noClasses()
          .that()
          .resideInAPackage("dev.shakedown.fleet." + provider + "..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              List.of("aws", "gcp", "local", "cloudfoundry", "bosh", "kubernetes").stream()
                  .filter(other -> !other.equals(provider))
                  .map(other -> "dev.shakedown.fleet." + other + "..")
                  .toArray(String[]::new))
          .because("a provider is built on the provider base, not on another provider")
          .check(CLASSES);
    }
  }

  @Test
  void the_harness_does_not_depend_on_the_demo() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.shakedown.demo..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.shakedown.demo..")
        .because("the demo is a deployment under test, started as separate processes")
        .check(CLASSES);
  }

  @Test
  void only_the_faults_package_talks_to_toxiproxy_and_only_the_proxy_and_load_client_use_netty() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.shakedown.faults..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("eu.rekawek.toxiproxy..")
        .because("every fault goes through the ledger in faults/, never around it")
        .check(CLASSES);
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.shakedown.proxy..")
        .and()
        .haveNameNotMatching("dev\\.shakedown\\.traffic\\.LoadClient(\\$.*)?")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.netty..")
        .because("the fault proxy and the load generator's HTTP client are the two network engines")
        .check(CLASSES);
  }
}
