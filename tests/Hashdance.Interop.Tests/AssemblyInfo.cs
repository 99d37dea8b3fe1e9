// The tests share two cores with Linux's TCP, tshark and each other's stacks: one at a time keeps their timing honest.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
