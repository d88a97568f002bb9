# Shakedown's image, for load.engine: kubernetes: the jar on a Java 17 JRE, 'shakedown load-worker' as its entry
# point (one pod per worker of an Indexed Job; its plan comes from the Job's Secret, its share from
# JOB_COMPLETION_INDEX, and its figures go to stdout, read through the pod log API).
# Build the jar first, then the image, and push it where the cluster pulls from:
#   mvn -B -DskipTests package
#   docker build -t registry.example.org/shakedown:0.1.0 . && docker push registry.example.org/shakedown:0.1.0
FROM eclipse-temurin:17-jre
COPY target/shakedown.jar /opt/shakedown/shakedown.jar
# Nobody: a worker needs no file of its own and no privilege.
USER 65532:65532
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/shakedown/shakedown.jar", "load-worker"]
