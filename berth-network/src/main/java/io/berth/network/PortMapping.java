package io.berth.network;

/** A published port ({@code -p hostIp:hostPort:containerPort/protocol}), {@code range} ports wide. */
public record PortMapping(String hostIp, int containerPort, int hostPort, int range, String protocol) {}
