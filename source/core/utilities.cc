#include <deal.II/base/exceptions.h>
#include <deal.II/base/utilities.h>

#include <fluxion/core/utilities.h>

#include <cmath>
#include <cstdlib>
#include <sstream>

namespace Fluxion
{
  std::vector<std::pair<std::string, std::string>>
  parse_map(const std::string &text, const std::string &parameter)
  {
    std::vector<std::pair<std::string, std::string>> result;
    for (const auto &item : dealii::Utilities::split_string_list(text, ','))
      {
        const auto colon = item.find(':');
        AssertThrow(colon != std::string::npos,
                    dealii::ExcMessage("Parameter <" + parameter +
                                       ">: expected 'name: value' pairs "
                                       "separated by commas, got <" +
                                       item + ">."));
        result.emplace_back(dealii::Utilities::trim(item.substr(0, colon)),
                            dealii::Utilities::trim(item.substr(colon + 1)));
        for (unsigned int i = 0; i + 1 < result.size(); ++i)
          AssertThrow(result[i].first != result.back().first,
                      dealii::ExcMessage("Parameter <" + parameter +
                                         ">: the name <" + result.back().first +
                                         "> appears twice."));
      }
    return result;
  }

  double
  parse_double(const std::string &text, const std::string &parameter)
  {
    const std::string t   = dealii::Utilities::trim(text);
    char             *end = nullptr;
    const double      v   = std::strtod(t.c_str(), &end);
    AssertThrow(!t.empty() && end == t.c_str() + t.size() && std::isfinite(v),
                dealii::ExcMessage("Parameter <" + parameter + ">: <" + text +
                                   "> is not a number."));
    return v;
  }

  std::string
  exception_message(const std::exception &e)
  {
    if (const auto *d = dynamic_cast<const dealii::ExceptionBase *>(&e))
      {
        std::ostringstream out;
        d->print_info(out);
        std::string s = out.str();
        // Keep the line breaks of lists ("\n  - "), collapse the rest.
        for (auto p = s.find("\n  - "); p != std::string::npos;
             p      = s.find("\n  - "))
          s.replace(p, 5, "\x01");
        // deal.II indents and wraps its text; undo that.
        std::string r;
        bool        space = false;
        for (const char c : s)
          if (c == '\n' || c == ' ' || c == '\t')
            space = !r.empty();
          else
            {
              if (space)
                r += ' ';
              r += c;
              space = false;
            }
        const std::string prefix = "Additional information: ";
        if (r.rfind(prefix, 0) == 0)
          r = r.substr(prefix.size());
        // A nested deal.II error (e.g. from GridIn) keeps only its own
        // additional information, without file, line and stack trace.
        const auto info = r.find(prefix);
        if (info != std::string::npos)
          {
            const auto rest = r.substr(info + prefix.size());
            r               = r.substr(0, r.find("----")) +
                rest.substr(0, rest.find(" Stacktrace"));
          }
        for (auto p = r.find('\x01'); p != std::string::npos;
             p      = r.find('\x01'))
          r.replace(p, 1, "\n  - ");
        return r.empty() ? std::string(d->get_exc_name()) : r;
      }
    return e.what();
  }
} // namespace Fluxion
