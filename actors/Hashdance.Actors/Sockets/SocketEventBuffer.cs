using System.Runtime.CompilerServices;
using Hashdance.Protocol.Tcp;

namespace Hashdance.Actors.Sockets;

/// <summary>
/// The events a connection core raised while it handled one input, in order. They are few (an input raises at most a
/// handful), so they live inline in the actor; only an unusually long run spills into a list. An idle connection thus
/// carries no event list of its own.
/// </summary>
internal struct SocketEventBuffer
{
    private InlineEvents _inline;
    private byte _count;
    private List<TcpSocketEvent>? _spill;

    public readonly int Count => _count + (_spill?.Count ?? 0);

    public readonly TcpSocketEvent this[int index] => index < InlineEvents.Capacity ? _inline[index] : _spill![index - InlineEvents.Capacity];

    public void Add(TcpSocketEvent socketEvent)
    {
        if (_count < InlineEvents.Capacity) _inline[_count++] = socketEvent;
        else (_spill ??= new List<TcpSocketEvent>()).Add(socketEvent);
    }

    public void Clear()
    {
        _count = 0;
        _spill?.Clear();
    }

    [InlineArray(Capacity)]
    private struct InlineEvents
    {
        public const int Capacity = 8;
        private TcpSocketEvent _first;
    }
}
