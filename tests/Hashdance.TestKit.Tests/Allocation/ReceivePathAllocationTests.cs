using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.TestKit.Tests.Allocation;

/// <summary>
/// The steady-state receive path allocates nothing (issue 5's target): a segment on an established connection goes
/// from the in-memory wire (frame copied into a pooled slot) through the ingress (validation, ehash lookup) to the
/// connection actor (the slot itself is the message) and its TCB, then back to the pool. Everything runs on the test's
/// thread (manual dispatcher, virtual time), so <see cref="GC.GetAllocatedBytesForCurrentThread"/> sees all of it.
/// </summary>
/// <remarks>
/// The segments are pure ACKs of an idle connection: they take the whole frame path but arm no timer and make the
/// stack send nothing, so Akka's timer entries (the RTO and delayed-ACK re-arms, docs/performance.md) and the
/// delivery to a handler are outside this figure; the stream benchmark measures those with the rest.
/// </remarks>
[Collection(AllocationCountingCollection.Name)]
public sealed class ReceivePathAllocationTests : HashdanceTestKit
{
    private const int WarmUp = 2_000;
    private const int Measured = 20_000;

    /// <summary>
    /// Generous against noise (a mailbox queue growing its array once, the runtime's own bookkeeping), yet far below
    /// the smallest object a segment could allocate (24 bytes): one object per segment fails it.
    /// </summary>
    private const double BoundBytesPerSegment = 2.0;

    [Fact]
    public void A_segment_from_the_wire_to_the_tcb_allocates_nothing()
    {
        var listener = Bind(8080);
        Handshakes.Complete(this);
        Accept(listener);
        var tuple = Peer.Tuple;
        var ack = Peer.BuildTcpFrame(ServerAddress, new TcpRepr
        {
            SourcePort = tuple.RemotePort, DestinationPort = tuple.LocalPort, SequenceNumber = new SeqNum(1),
            AckNumber = new SeqNum(Peer.Connection.LiveLocalIsn!.Value + 1), Flags = TcpFlags.Ack, Window = 65535,
        });
        var inSegsBefore = Counters[MibCounter.TcpInSegs];

        for (var i = 0; i < WarmUp; i++) SendAndRun(ack);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Measured; i++) SendAndRun(ack);
        var perSegment = (double)(GC.GetAllocatedBytesForCurrentThread() - before) / Measured;

        // Every segment reached the TCB (counted in by the ingress, none dropped or answered) and the slots came back.
        Assert.Equal(inSegsBefore + WarmUp + Measured, Counters[MibCounter.TcpInSegs]);
        Assert.Equal(0, Counters[MibCounter.TcpInErrs]);
        ExpectNoFrame();
        Assert.True(perSegment <= BoundBytesPerSegment, $"{perSegment:F2} B allocated per segment on the receive path (bound {BoundBytesPerSegment} B)");
    }

    private void SendAndRun(byte[] frame)
    {
        Peer.SendRaw(frame);
        Run();
    }
}
