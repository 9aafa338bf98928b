package io.berth.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal DNS server on a loopback address, port 53, for tests: it answers A queries for the
 * names it was given and NXDOMAIN for anything else, and records every name it was asked.
 * Stands in for "the outside world's" resolver, so forwarding can be tested without leaving the host.
 */
public final class StubDns implements AutoCloseable {
    private final DatagramSocket socket;
    private final Map<String, byte[]> answers;
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final Thread thread;

    private StubDns(DatagramSocket socket, Map<String, byte[]> answers) {
        this.socket = socket;
        this.answers = answers;
        this.thread = Thread.ofPlatform().daemon().name("stub-dns").start(this::serve);
    }

    /** Serves {@code names} (name → IPv4 address) on {@code address}:53. */
    public static StubDns start(String address, Map<String, String> names) throws IOException {
        var answers = new java.util.HashMap<String, byte[]>();
        names.forEach((name, ip) -> answers.put(name.toLowerCase(java.util.Locale.ROOT),
                InetAddress.ofLiteral(ip).getAddress()));
        var socket = new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral(address), 53));
        return new StubDns(socket, Map.copyOf(answers));
    }

    /** The names asked so far, in order. */
    public List<String> asked() {
        return List.copyOf(asked);
    }

    private void serve() {
        byte[] buffer = new byte[1500];
        while (!socket.isClosed()) {
            var packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                byte[] reply = reply(ByteBuffer.wrap(packet.getData(), 0, packet.getLength()));
                if (reply != null) {
                    socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
                }
            } catch (SocketException e) {
                return; // closed
            } catch (IOException | RuntimeException e) {
                // a malformed query: ignore it
            }
        }
    }

    private byte[] reply(ByteBuffer query) {
        if (query.remaining() < 12) {
            return null;
        }
        short id = query.getShort(0);
        int questions = query.getShort(4) & 0xffff;
        if (questions != 1) {
            return null;
        }
        query.position(12);
        var name = new StringBuilder();
        for (int length = query.get() & 0xff; length > 0; length = query.get() & 0xff) {
            byte[] label = new byte[length];
            query.get(label);
            name.append(name.isEmpty() ? "" : ".").append(new String(label, java.nio.charset.StandardCharsets.US_ASCII));
        }
        int type = query.getShort() & 0xffff;
        query.getShort(); // class
        int questionEnd = query.position();
        String asked = name.toString().toLowerCase(java.util.Locale.ROOT);
        this.asked.add(asked);
        byte[] address = answers.get(asked);
        boolean answer = address != null && type == 1;
        var out = ByteBuffer.allocate(questionEnd + 16);
        out.putShort(id);
        out.putShort((short) (address == null ? 0x8183 : 0x8180)); // response, RD, RA; NXDOMAIN when unknown
        out.putShort((short) 1).putShort((short) (answer ? 1 : 0)).putShort((short) 0).putShort((short) 0);
        out.put(query.array(), query.arrayOffset() + 12, questionEnd - 12);
        if (answer) {
            out.putShort((short) 0xc00c).putShort((short) 1).putShort((short) 1).putInt(60).putShort((short) 4).put(address);
        }
        byte[] reply = new byte[out.position()];
        out.flip().get(reply);
        return reply;
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(5_000);
    }
}
