using System;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>
    /// A sum of amounts added over the last <c>window</c>, kept in ten slots of a tenth of it each (so it may count up
    /// to a tenth of a window more than the window). Time is passed in. Not thread-safe.
    /// </summary>
    internal sealed class SlidingSum
    {
        private const int Slots = 10;

        private readonly double[] _slots = new double[Slots];
        private readonly long _slotTicks;
        private long _newestSlot = long.MinValue;

        public SlidingSum(TimeSpan window)
        {
            _slotTicks = Math.Max(1, window.Ticks / Slots);
        }

        public void Add(double amount, TimeSpan now)
        {
            Advance(now);
            _slots[(int)(_newestSlot % Slots)] += amount;
        }

        /// <summary>The amounts added in the slot of <paramref name="now"/> and the nine before it.</summary>
        public double Sum(TimeSpan now)
        {
            Advance(now);
            var sum = 0.0;
            foreach (var amount in _slots)
            {
                sum += amount;
            }

            return sum;
        }

        // Moves to the slot of now, emptying the slots of the time that passed since the newest one.
        private void Advance(TimeSpan now)
        {
            var slot = Math.Max(0, now.Ticks) / _slotTicks;
            if (slot <= _newestSlot)
            {
                return;
            }

            var passed = _newestSlot == long.MinValue ? Slots : Math.Min(Slots, slot - _newestSlot);
            for (var i = 1; i <= passed; i++)
            {
                _slots[(int)((((slot - passed + i) % Slots) + Slots) % Slots)] = 0;
            }

            _newestSlot = slot;
        }
    }
}
