using Hashdance.Actors.Stack;
using Hashdance.Protocol.Mib;
using Hashdance.TestKit;

namespace MyService.Tests;

public sealed class RequestSockCrashTests : HashdanceTestKit
{
    [Fact]
    public void A_crashed_request_sock_leaves_its_peer_a_RST_and_the_listener_serving()
    {
        var listener = Bind(8080);                          // bind() + listen() on 192.168.0.1:8080
        CrashAt(CrashPoint.RequestSockAfterSynAck);         // the next request sock fails after its SYN-ACK

        Peer.Send("S 0:0(0) win 65535 <mss 1460>");
        Peer.Expect("S. 0:0(0) ack 1 win 64240 <mss 1460>");
        Peer.Send(". 1:1(0) ack 1 win 65535");              // the request is gone: no socket takes this ACK
        Peer.Expect("R 1:1(0) win 0");                      // tcp_v4_send_reset: seq = the ACK's ack number

        AssertCounter(MibCounter.TcpOutRsts, 1);
        AssertNoLeaks(listener);                            // empty ehash, no stray actor, 75 quiet seconds
        Peer.Send("S 0:0(0) win 65535 <mss 1460>");         // and the listener still serves
        Peer.Expect("S. 0:0(0) ack 1 <...>");
    }
}
