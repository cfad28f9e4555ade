#pragma once
/**
 * @brief Typed indices into a RuleSet: a ClauseId cannot be passed where a DocumentId is meant.
 *
 * An `Id<Tag>` is an int32_t index with a distinct type per kind of thing, the way LLVM's and MLIR's
 * typed handles or Chromium's `IdType<Tag>` keep one kind of index from standing in for another. It is
 * trivially copyable and exactly as large as the int32_t it wraps, so the AST, the columnar program and
 * the Decider keep their layout and speed. A default-constructed id is `none()` (the old `-1`).
 *
 *     ClauseId c = ClauseId::at(i);              // from a vector position
 *     if (c.valid()) use(rules.clause(c));       // RuleSet accessors take the typed id
 *     for (ClauseId id : rules.clause_ids()) …    // iterate without casts
 *     out["clause"] = c.value();                 // the plain number, for output that prints it
 *
 * To add a kind: declare `struct FooTag;` and `using FooId = Id<FooTag>;` below, then an accessor and an
 * id range on RuleSet (ast.hpp).
 */
#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <type_traits>

namespace lexsim::rules {

template <class Tag>
class Id {
public:
    constexpr Id() noexcept = default;
    constexpr explicit Id(int32_t value) noexcept : m_value(value) {}

    //! No such thing (the `-1` of the raw indices).
    static constexpr Id none() noexcept { return Id(); }
    //! The id of position `index` of its RuleSet vector.
    static constexpr Id at(std::size_t index) noexcept { return Id(static_cast<int32_t>(index)); }

    constexpr bool valid() const noexcept { return m_value >= 0; }
    //! The plain number, as printed in Z3 names and JSON output; -1 for none().
    constexpr int32_t value() const noexcept { return m_value; }
    //! The position in its RuleSet vector; only for a valid id.
    constexpr std::size_t index() const noexcept { return static_cast<std::size_t>(m_value); }

    friend constexpr bool operator==(const Id&, const Id&) noexcept = default;
    friend constexpr auto operator<=>(const Id&, const Id&) noexcept = default;

private:
    int32_t m_value = -1;
};

//! The ids 0 … n-1 of one kind, for range-for loops.
template <class Tag>
class IdRange {
public:
    class iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = Id<Tag>;
        using difference_type = std::ptrdiff_t;
        using pointer = const Id<Tag>*;
        using reference = Id<Tag>;

        constexpr iterator() noexcept = default;
        constexpr explicit iterator(int32_t v) noexcept : m_value(v) {}
        constexpr Id<Tag> operator*() const noexcept { return Id<Tag>(m_value); }
        constexpr iterator& operator++() noexcept {
            ++m_value;
            return *this;
        }
        constexpr iterator operator++(int) noexcept {
            iterator old = *this;
            ++m_value;
            return old;
        }
        friend constexpr bool operator==(const iterator&, const iterator&) noexcept = default;

    private:
        int32_t m_value = 0;
    };

    constexpr explicit IdRange(std::size_t count) noexcept : m_count(static_cast<int32_t>(count)) {}
    constexpr iterator begin() const noexcept { return iterator(0); }
    constexpr iterator end() const noexcept { return iterator(m_count); }
    constexpr std::size_t size() const noexcept { return static_cast<std::size_t>(m_count); }

private:
    int32_t m_count = 0;
};

struct DocumentTag;
struct ClauseTag;
struct BenefitTag;
struct CostTag;
struct MeasureTag;

using DocumentId = Id<DocumentTag>;
using ClauseId = Id<ClauseTag>;
using BenefitId = Id<BenefitTag>;
using CostId = Id<CostTag>;
using MeasureId = Id<MeasureTag>;

static_assert(sizeof(ClauseId) == sizeof(int32_t));
static_assert(std::is_trivially_copyable_v<ClauseId>);

} // namespace lexsim::rules

template <class Tag>
struct std::hash<lexsim::rules::Id<Tag>> {
    std::size_t operator()(lexsim::rules::Id<Tag> id) const noexcept {
        return std::hash<int32_t>{}(id.value());
    }
};
