//! One sort for the whole core. The library's `sort_unstable` costs 3.5 KB of WebAssembly; a
//! heapsort is a few hundred bytes, O(n log n) on every input and needs no extra memory.

/// Sorts `v` so that no element is `less` than the one before it. Not stable.
pub fn sort_by<T>(v: &mut [T], less: impl Fn(&T, &T) -> bool) {
    let n = v.len();
    for root in (0..n / 2).rev() {
        sift_down(v, root, n, &less);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift_down(v, 0, end, &less);
    }
}

fn sift_down<T>(v: &mut [T], mut root: usize, end: usize, less: &impl Fn(&T, &T) -> bool) {
    loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && is_less(v, child, child + 1, less) {
            child += 1;
        }
        if !is_less(v, root, child, less) {
            return;
        }
        v.swap(root, child);
        root = child;
    }
}

fn is_less<T>(v: &[T], a: usize, b: usize, less: &impl Fn(&T, &T) -> bool) -> bool {
    match (v.get(a), v.get(b)) {
        (Some(a), Some(b)) => less(a, b),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::sort_by;

    #[test]
    fn sorts_like_the_library() {
        // every list of up to 7 values from 0..4: duplicates, runs, reversed, empty
        for len in 0..=7u32 {
            for code in 0..4usize.pow(len) {
                let mut v: Vec<usize> = (0..len).map(|k| code / 4usize.pow(k) % 4).collect();
                let mut expected = v.clone();
                expected.sort_unstable();
                sort_by(&mut v, |a, b| a < b);
                assert_eq!(v, expected);
            }
        }
    }

    #[test]
    fn sorts_by_the_given_order() {
        let mut v = vec![(1, 'a'), (3, 'b'), (2, 'c'), (3, 'd'), (0, 'e')];
        sort_by(&mut v, |a, b| a.0 > b.0);
        let keys: Vec<i32> = v.iter().map(|p| p.0).collect();
        assert_eq!(keys, [3, 3, 2, 1, 0]);
    }
}
