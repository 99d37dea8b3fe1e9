// Each test runs three ActorSystems over loopback remoting in real time; running them one at a time keeps the
// 2-core machine's timings sane and the static serialization audit per test.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
