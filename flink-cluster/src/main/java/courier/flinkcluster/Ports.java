package courier.flinkcluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** The TCP ports of a cluster on loopback. */
record Ports(int rpc, int rest, int blob) {

  /** Three free ports, all held open until every one is chosen, so they differ. */
  static Ports free() throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      int[] ports = sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
      return new Ports(ports[0], ports[1], ports[2]);
    } finally {
      for (ServerSocket s : sockets) {
        s.close();
      }
    }
  }
}
