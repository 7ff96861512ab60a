package dev.geyserpool.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A gateway as its own operating-system process ({@code geyser-pool gateway --config FILE}) on
 * this test's class path, so tests can kill it for real (SIGKILL) and start another.
 */
final class GatewayProcess {
  private GatewayProcess() {}

  /** Writes a gateway YAML file for the simulator and broker; {@code poolLines} go under {@code pool:}. */
  static Path writeConfig(Path dir, String gatewayId, String target, String tokenEnv, String bootstrap,
      List<String> poolLines) throws Exception {
    List<String> lines = new ArrayList<>(List.of(
        "upstream:",
        "  target: " + target,
        "  tokenEnv: " + tokenEnv,
        "kafka:",
        "  bootstrapServers: " + bootstrap,
        "admin:",
        "  port: 0",
        "gatewayId: " + gatewayId,
        "pool:"));
    poolLines.forEach(l -> lines.add("  " + l));
    lines.add("");
    Path config = dir.resolve(gatewayId + ".yaml");
    Files.writeString(config, String.join("\n", lines));
    return config;
  }

  /** Starts {@code geyser-pool gateway --config config}, its output in {@code log}. */
  static Process start(Path config, String tokenEnv, String token, Path log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        GeyserPoolCli.class.getName(), "gateway", "--config", config.toString());
    builder.environment().keySet().removeIf(k -> k.startsWith("GEYSERPOOL_"));
    builder.environment().put(tokenEnv, token);
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    return builder.start();
  }
}
