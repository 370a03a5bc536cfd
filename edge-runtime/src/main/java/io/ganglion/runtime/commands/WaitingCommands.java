package io.ganglion.runtime.commands;

import io.ganglion.runtime.commands.CommandRejectedException.Kind;
import io.ganglion.runtime.store.CommandRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The commands not yet delivered, bounded per device and in total. A place is reserved before the command is stored
 * and the command added once it is, so that the sender never sees a command the store does not have yet. Thread-safe
 * (the API's workers reserve, the command thread sends).
 */
final class WaitingCommands {
    private final int maxPerDevice;
    private final int maxTotal;
    /** Reserved places, including the added commands. */
    private final Map<String, Integer> placesByDevice = new HashMap<>();
    private int places;
    private final Map<String, CommandRecord> byId = new LinkedHashMap<>();

    WaitingCommands(int maxPerDevice, int maxTotal) {
        this.maxPerDevice = maxPerDevice;
        this.maxTotal = maxTotal;
    }

    /** @throws CommandRejectedException DEVICE_QUEUE_FULL or GATEWAY_QUEUE_FULL */
    synchronized void reserve(String deviceId) throws CommandRejectedException {
        int forDevice = placesByDevice.getOrDefault(deviceId, 0);
        if (forDevice >= maxPerDevice) {
            throw new CommandRejectedException(Kind.DEVICE_QUEUE_FULL, "device '" + deviceId + "' already has "
                    + forDevice + " commands waiting (commands.maxPendingPerDevice); try again when they are "
                    + "delivered or expired");
        }
        if (places >= maxTotal) {
            throw new CommandRejectedException(Kind.GATEWAY_QUEUE_FULL, "the gateway already has " + places
                    + " commands waiting (commands.maxPendingTotal)");
        }
        placesByDevice.put(deviceId, forDevice + 1);
        places++;
    }

    /** Gives back a reserved place whose command was never added. */
    synchronized void release(String deviceId) {
        placesByDevice.computeIfPresent(deviceId, (id, n) -> n > 1 ? n - 1 : null);
        places--;
    }

    /** Adds a command into a reserved place. */
    synchronized void add(CommandRecord record) {
        byId.put(record.id(), record);
    }

    /** A command that was waiting before a restart: takes its place whatever the bounds, it was admitted once. */
    synchronized void restore(CommandRecord record) {
        placesByDevice.merge(record.deviceId(), 1, Integer::sum);
        places++;
        byId.put(record.id(), record);
    }

    /** Replaces a waiting command's record (a new detail); false when it no longer waits. */
    synchronized boolean update(CommandRecord record) {
        return byId.replace(record.id(), record) != null;
    }

    /** Takes a command out (delivered, expired, acknowledged); empty when it was not waiting. */
    synchronized Optional<CommandRecord> remove(String id) {
        CommandRecord removed = byId.remove(id);
        if (removed != null) {
            release(removed.deviceId());
        }
        return Optional.ofNullable(removed);
    }

    synchronized Optional<CommandRecord> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The oldest waiting command of this device and name. */
    synchronized Optional<CommandRecord> oldest(String deviceId, String name) {
        return byId.values().stream().filter(r -> r.deviceId().equals(deviceId) && r.name().equals(name))
                .findFirst();
    }

    /** The waiting commands, oldest first. A copy. */
    synchronized List<CommandRecord> all() {
        return new ArrayList<>(byId.values());
    }

    synchronized int size() {
        return places;
    }
}
