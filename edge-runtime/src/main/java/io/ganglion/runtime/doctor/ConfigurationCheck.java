package io.ganglion.runtime.doctor;

import io.ganglion.profiles.model.ProfileSet;
import io.ganglion.profiles.model.ProfileSetException;
import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.runtime.MqttDeviceAccess;
import io.ganglion.runtime.config.GatewayConfig;
import io.ganglion.runtime.config.GatewayConfigLoader;
import io.ganglion.runtime.config.HttpTlsFiles;
import io.ganglion.runtime.profiles.ProfileReloader;
import io.ganglion.runtime.security.OperatorTokens;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The first check, on which the others depend: the file loads with the gateway's own loader (so its message names
 * the file, line and key exactly as {@code ganglion gateway} would), the files it names for tokens, TLS and device
 * passwords can be read, and the firmware profiles load with the same
 * checks as at the gateway's start (files valid, every declared device finds its profile or model, test vectors pass).
 */
public final class ConfigurationCheck {
    static final String CONFIGURATION = "configuration";
    static final String PROFILES = "profiles";
    private static final int MAX_PROBLEMS_SHOWN = 5;

    /** The findings, and the context for the other checks, which is null when the file did not load. */
    public record Outcome(List<CheckResult> results, DoctorContext context) {
    }

    private ConfigurationCheck() {
    }

    public static Outcome load(Path configFile) {
        List<CheckResult> results = new ArrayList<>();
        GatewayConfig config;
        try {
            config = new GatewayConfigLoader().load(configFile);
        } catch (ConfigException e) {
            results.add(CheckResult.fail(CONFIGURATION, e.getMessage(), "correct " + configFile
                    + " where the message says (every key is in docs/configuration.md); nothing else was checked"));
            return new Outcome(results, null);
        }
        results.add(CheckResult.ok(CONFIGURATION, configFile + " loads (" + config.devices().size()
                + " devices declared)"));
        results.add(namedFiles(config, configFile));
        ProfileSet profiles = null;
        try {
            profiles = ProfileReloader.loadAtStart(config, configFile).set();
            results.add(CheckResult.ok(PROFILES, profiles.size() + " profiles load ("
                    + (config.profiles().directory() == null ? "the library"
                    : "the library and " + config.profiles().directory())
                    + "); every declared device finds its profile; test vectors pass"));
        } catch (ProfileSetException e) {
            results.add(CheckResult.fail(PROFILES, e.problems().size() + " invalid profile files: "
                    + summary(e.problems()), "correct the profile files named (docs/profiles.md);"
                    + " `ganglion profiles validate " + config.profiles().directory() + "` lists every problem"));
        } catch (ConfigException e) {
            results.add(CheckResult.fail(PROFILES, e.getMessage(), "correct the device entry or the profiles named"
                    + " (docs/profiles.md)"));
        }
        return new Outcome(results, new DoctorContext(configFile, config, profiles));
    }

    /**
     * The files the gateway reads before it opens anything (operators' token files, the HTTPS certificate and key, the
     * MQTT endpoint's TLS files and device password file), read by the gateway's own code: what would stop its start
     * with exit code 2.
     */
    private static CheckResult namedFiles(GatewayConfig config, Path configFile) {
        try {
            OperatorTokens.load(config.http().auth(), configFile);
            HttpTlsFiles.check(config, configFile);
            if (!config.mqtt().usesExternalBroker()) {
                MqttDeviceAccess.of(config.mqtt().endpoint(), configFile);
            }
            return CheckResult.ok(CONFIGURATION, "the token, TLS and device password files it names can be read");
        } catch (ConfigException e) {
            return CheckResult.fail(CONFIGURATION, e.getMessage(), "put the file there, readable by the gateway's"
                    + " user, or correct the key (docs/security.md)");
        }
    }

    private static String summary(List<ConfigException> problems) {
        String shown = problems.stream().limit(MAX_PROBLEMS_SHOWN).map(Exception::getMessage)
                .collect(Collectors.joining("; "));
        return problems.size() > MAX_PROBLEMS_SHOWN ? shown + "; ..." : shown;
    }
}
