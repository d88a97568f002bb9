package dev.shakedown.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.cucumber.cucumberexpressions.ExpressionFactory;
import io.cucumber.cucumberexpressions.ParameterTypeRegistry;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class VocabularyTest {
  @Test
  void every_step_class_of_the_package_is_listed() {
    Set<Class<?>> withSteps =
        new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.shakedown.steps")
                .stream()
                .map(JavaClass::reflect)
                .filter(
                    type ->
                        Arrays.stream(type.getDeclaredMethods())
                            .anyMatch(m -> Vocabulary.step(m) != null))
                .collect(Collectors.toSet());

    assertThat(Set.copyOf(Vocabulary.STEP_CLASSES)).isEqualTo(withSteps);
  }

  @Test
  void every_step_has_an_example_that_it_really_matches() {
    ParameterTypeRegistry registry = new ParameterTypeRegistry(Locale.ENGLISH);
    ParameterTypes types = new ParameterTypes();
    for (Method method : ParameterTypes.class.getDeclaredMethods()) {
      io.cucumber.java.ParameterType type =
          method.getAnnotation(io.cucumber.java.ParameterType.class);
      if (type != null) {
        registry.defineParameterType(
            new io.cucumber.cucumberexpressions.ParameterType<>(
                method.getName(),
                type.value(),
                Object.class,
                (String text) -> {
                  try {
                    return method.invoke(types, text);
                  } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                  }
                }));
      }
    }
    for (Class<?> type : Vocabulary.STEP_CLASSES) {
      assertThat(type.getAnnotation(Area.class)).as("@Area on %s", type).isNotNull();
      for (Method method : type.getDeclaredMethods()) {
        String[] step = Vocabulary.step(method);
        if (step == null) {
          continue;
        }
        Example example = method.getAnnotation(Example.class);
        assertThat(example).as("@Example on %s", method).isNotNull();
        String sentence = example.value().replaceFirst("^(Given|When|Then|And|But) ", "");
        assertThat(new ExpressionFactory(registry).createExpression(step[1]).match(sentence))
            .as("'%s' matches '%s'", sentence, step[1])
            .isNotNull();
      }
    }
  }

  @Test
  void the_vocabulary_lists_the_steady_state_sentence() {
    assertThat(Vocabulary.sentences())
        .contains(
            new Vocabulary.Sentence(
                "Serving",
                "Given",
                "the deployment is serving",
                "Given the deployment is serving"));
  }
}
