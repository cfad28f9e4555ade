#pragma once
// A tiny arbitrary-precision integer in base 10^9, written apart from the evaluator's 128-bit code so that
// the arithmetic fuzzer has an independent reference: just enough for +, −, ×, floor division by a 64-bit
// number, comparison and the int64 range test.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace lexsim::fuzz {

class BigDecimal {
public:
    BigDecimal() = default;
    explicit BigDecimal(int64_t v) {
        m_negative = v < 0;
        uint64_t m = m_negative ? uint64_t(0) - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
        while (m > 0) {
            m_limbs.push_back(static_cast<uint32_t>(m % base));
            m /= base;
        }
    }

    bool is_zero() const { return m_limbs.empty(); }
    bool negative() const { return m_negative; }

    friend BigDecimal operator-(BigDecimal a) {
        if (!a.is_zero())
            a.m_negative = !a.m_negative;
        return a;
    }
    friend BigDecimal operator+(const BigDecimal& a, const BigDecimal& b) {
        if (a.m_negative == b.m_negative)
            return make(a.m_negative, add_mag(a.m_limbs, b.m_limbs));
        if (cmp_mag(a.m_limbs, b.m_limbs) >= 0)
            return make(a.m_negative, sub_mag(a.m_limbs, b.m_limbs));
        return make(b.m_negative, sub_mag(b.m_limbs, a.m_limbs));
    }
    friend BigDecimal operator-(const BigDecimal& a, const BigDecimal& b) { return a + (-b); }
    friend BigDecimal operator*(const BigDecimal& a, const BigDecimal& b) {
        std::vector<uint64_t> acc(a.m_limbs.size() + b.m_limbs.size() + 1, 0);
        for (size_t i = 0; i < a.m_limbs.size(); ++i) {
            uint64_t carry = 0;
            for (size_t j = 0; j < b.m_limbs.size() || carry; ++j) {
                uint64_t cur =
                    acc[i + j] + carry + (j < b.m_limbs.size() ? uint64_t(a.m_limbs[i]) * b.m_limbs[j] : 0);
                acc[i + j] = cur % base;
                carry = cur / base;
            }
        }
        std::vector<uint32_t> out(acc.begin(), acc.end());
        return make(a.m_negative != b.m_negative, std::move(out));
    }
    //! floor(a / d), d ≠ 0: schoolbook long division, one base-10^9 digit at a time.
    friend BigDecimal floor_div(const BigDecimal& a, int64_t d) {
        BigDecimal divisor(d);
        std::vector<uint32_t> q(a.m_limbs.size(), 0);
        std::vector<uint32_t> rem;
        for (size_t i = a.m_limbs.size(); i-- > 0;) {
            rem.insert(rem.begin(), a.m_limbs[i]);
            trim(rem);
            uint32_t lo = 0, hi = base - 1; // the largest digit with divisor × digit ≤ rem
            while (lo < hi) {
                uint32_t mid = lo + (hi - lo + 1) / 2;
                if (cmp_mag(mul_small(divisor.m_limbs, mid), rem) <= 0)
                    lo = mid;
                else
                    hi = mid - 1;
            }
            q[i] = lo;
            rem = sub_mag(rem, mul_small(divisor.m_limbs, lo));
            trim(rem);
        }
        BigDecimal out = make(a.m_negative != divisor.m_negative, std::move(q));
        if (!rem.empty() && a.m_negative != divisor.m_negative)
            out = out - BigDecimal(1);
        return out;
    }
    friend int compare(const BigDecimal& a, const BigDecimal& b) {
        if (a.m_negative != b.m_negative)
            return a.m_negative ? -1 : 1;
        int c = cmp_mag(a.m_limbs, b.m_limbs);
        return a.m_negative ? -c : c;
    }
    bool fits_int64() const {
        return compare(*this, BigDecimal(INT64_MAX)) <= 0 && compare(*this, BigDecimal(INT64_MIN)) >= 0;
    }
    //! Only when fits_int64().
    int64_t to_int64() const {
        uint64_t m = 0; // |value| ≤ 2^63 here
        for (size_t i = m_limbs.size(); i-- > 0;)
            m = m * base + m_limbs[i];
        return m_negative ? static_cast<int64_t>(uint64_t(0) - m) : static_cast<int64_t>(m);
    }
    std::string str() const {
        if (is_zero())
            return "0";
        std::string s = std::to_string(m_limbs.back());
        for (size_t i = m_limbs.size() - 1; i-- > 0;) {
            std::string limb = std::to_string(m_limbs[i]);
            s += std::string(9 - limb.size(), '0') + limb;
        }
        return (m_negative ? "-" : "") + s;
    }

private:
    static constexpr uint64_t base = 1'000'000'000;

    static BigDecimal make(bool negative, std::vector<uint32_t> limbs) {
        trim(limbs);
        BigDecimal b;
        b.m_limbs = std::move(limbs);
        b.m_negative = negative && !b.m_limbs.empty();
        return b;
    }
    static void trim(std::vector<uint32_t>& limbs) {
        while (!limbs.empty() && limbs.back() == 0)
            limbs.pop_back();
    }
    static std::vector<uint32_t> mul_small(const std::vector<uint32_t>& a, uint32_t m) {
        std::vector<uint32_t> out;
        uint64_t carry = 0;
        for (size_t i = 0; i < a.size() || carry; ++i) {
            uint64_t cur = carry + (i < a.size() ? uint64_t(a[i]) * m : 0);
            out.push_back(static_cast<uint32_t>(cur % base));
            carry = cur / base;
        }
        trim(out);
        return out;
    }
    static int cmp_mag(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
        if (a.size() != b.size())
            return a.size() < b.size() ? -1 : 1;
        for (size_t i = a.size(); i-- > 0;)
            if (a[i] != b[i])
                return a[i] < b[i] ? -1 : 1;
        return 0;
    }
    static std::vector<uint32_t> add_mag(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
        std::vector<uint32_t> out;
        uint64_t carry = 0;
        for (size_t i = 0; i < std::max(a.size(), b.size()) || carry; ++i) {
            uint64_t cur = carry + (i < a.size() ? a[i] : 0) + (i < b.size() ? b[i] : 0);
            out.push_back(static_cast<uint32_t>(cur % base));
            carry = cur / base;
        }
        return out;
    }
    //! |a| − |b| with |a| ≥ |b|.
    static std::vector<uint32_t> sub_mag(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
        std::vector<uint32_t> out;
        int64_t borrow = 0;
        for (size_t i = 0; i < a.size(); ++i) {
            int64_t cur = int64_t(a[i]) - borrow - (i < b.size() ? int64_t(b[i]) : 0);
            borrow = cur < 0;
            out.push_back(static_cast<uint32_t>(cur < 0 ? cur + int64_t(base) : cur));
        }
        return out;
    }

    bool m_negative = false;
    std::vector<uint32_t> m_limbs; //!< base 10^9, least significant first, no leading zero limbs
};

} // namespace lexsim::fuzz
