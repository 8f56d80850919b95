//! Cursor pagination: every item of a list operation, across pages, as one
//! [`Stream`].
//!
//! The operation's `*_stream` method fetches a page, yields its items, and
//! asks for the next page with the page's `end_cursor`, until the server
//! says there is no next page, sends no cursor, sends an empty page, or sends
//! a cursor it sent before (a server that always answers "more" must not
//! make the stream loop forever).

use std::collections::{HashSet, VecDeque};
use std::future::Future;

use futures_core::Stream;

use crate::error::Result;

/// What a stream needs of one page.
pub(crate) struct Page<T> {
    pub(crate) items: Vec<T>,
    pub(crate) end_cursor: Option<String>,
    pub(crate) has_next_page: bool,
}

/// Every item of every page. `first` is the cursor of the first page (`None`
/// for the start of the list); `fetch` gets the page after a cursor. After an
/// error the stream ends.
///
/// The stream is boxed (one allocation per stream, not per page) so that it
/// is `Unpin`: `while let Some(x) = stream.next().await` works without
/// pinning it first.
pub(crate) fn stream<'a, T, F, Fut>(
    first: Option<String>,
    fetch: F,
) -> impl Stream<Item = Result<T>> + Send + Unpin + 'a
where
    T: Send + 'a,
    F: FnMut(Option<String>) -> Fut + Send + 'a,
    Fut: Future<Output = Result<Page<T>>> + Send + 'a,
{
    let state = State {
        fetch,
        seen: first.iter().cloned().collect(),
        cursor: first,
        items: VecDeque::new(),
        done: false,
    };
    let items = futures_util::stream::unfold(state, |mut state| async move {
        loop {
            if let Some(item) = state.items.pop_front() {
                return Some((Ok(item), state));
            }
            if state.done {
                return None;
            }
            match (state.fetch)(state.cursor.take()).await {
                Ok(page) => {
                    let next = page.end_cursor.filter(|c| !c.is_empty());
                    state.done = page.items.is_empty()
                        || !page.has_next_page
                        || next.as_ref().is_none_or(|c| !state.seen.insert(c.clone()));
                    state.cursor = next;
                    state.items.extend(page.items);
                }
                Err(error) => {
                    state.done = true;
                    return Some((Err(error), state));
                }
            }
        }
    });
    Box::pin(items)
}

struct State<T, F> {
    fetch: F,
    /// Cursors asked for so far.
    seen: HashSet<String>,
    cursor: Option<String>,
    items: VecDeque<T>,
    done: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// Drains a stream whose pages are ready at once (no runtime needed).
    fn collect<T>(mut stream: impl Stream<Item = Result<T>> + Unpin) -> Vec<Result<T>> {
        use futures_util::{FutureExt, StreamExt};
        let mut out = Vec::new();
        while let Some(Some(item)) = stream.next().now_or_never() {
            out.push(item);
        }
        out
    }

    /// A stream over fixed pages, recording the cursors asked for.
    fn pages(first: Option<&str>, answers: Vec<Page<u32>>) -> (Vec<u32>, Vec<Option<String>>) {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let answers = Arc::new(Mutex::new(VecDeque::from(answers)));
        let log = asked.clone();
        let items = collect(stream(first.map(String::from), move |cursor| {
            let page = answers.lock().ok().and_then(|mut a| a.pop_front());
            if let Ok(mut log) = log.lock() {
                log.push(cursor);
            }
            async move { page.ok_or_else(|| crate::error::Error::invalid("asked for a page too many")) }
        }));
        let items = items.into_iter().map(|r| r.expect("no error")).collect();
        let asked = asked.lock().map(|a| a.clone()).unwrap_or_default();
        (items, asked)
    }

    fn page(items: &[u32], cursor: Option<&str>, more: bool) -> Page<u32> {
        Page {
            items: items.to_vec(),
            end_cursor: cursor.map(String::from),
            has_next_page: more,
        }
    }

    #[test]
    fn follows_cursors_until_the_last_page() {
        let (items, asked) = pages(
            None,
            vec![page(&[1, 2], Some("a"), true), page(&[3], Some("b"), false)],
        );
        assert_eq!(items, vec![1, 2, 3]);
        assert_eq!(asked, vec![None, Some("a".to_string())]);
    }

    #[test]
    fn starts_at_the_given_cursor() {
        let (_, asked) = pages(Some("x"), vec![page(&[1], None, false)]);
        assert_eq!(asked, vec![Some("x".to_string())]);
    }

    #[test]
    fn a_repeated_cursor_ends_the_stream() {
        // Prism's answer to every page: the same cursor, and "more".
        let (items, asked) = pages(
            None,
            vec![
                page(&[1], Some("string"), true),
                page(&[2], Some("string"), true),
            ],
        );
        assert_eq!(items, vec![1, 2]);
        assert_eq!(asked.len(), 2);
    }

    #[test]
    fn a_missing_or_empty_cursor_ends_the_stream() {
        let (items, _) = pages(None, vec![page(&[1], None, true)]);
        assert_eq!(items, vec![1]);
        let (items, _) = pages(None, vec![page(&[1], Some(""), true)]);
        assert_eq!(items, vec![1]);
    }

    #[test]
    fn an_empty_page_ends_the_stream() {
        let (items, asked) = pages(None, vec![page(&[], Some("a"), true)]);
        assert!(items.is_empty());
        assert_eq!(asked.len(), 1);
    }

    #[test]
    fn an_error_is_yielded_and_ends_the_stream() {
        let results = collect(stream(None, |_| async {
            Err::<Page<u32>, _>(crate::error::Error::invalid("boom"))
        }));
        assert_eq!(results.len(), 1);
        assert!(results[0].is_err());
    }
}
