// Field lists and scales of the refinement criteria: the weights that
// field_weights() gives for one number, for 'name: number' pairs and for a
// field list; the named errors for an unknown field, for a scale of a field
// the list leaves out and for a negative scale; and the log-concentration
// criterion refuses a field that can be negative (a potential) unless its
// scale is 0.

#include <fluxion/core/utilities.h>
#include <fluxion/physics/fields.h>
#include <fluxion/refinement/log_concentration_criterion.h>

#include <iostream>

using namespace Fluxion;

namespace
{
  void
  print(const std::string &list, const std::string &scales)
  {
    FieldDescription c, phi;
    c.name             = "c";
    phi.name           = "phi";
    phi.non_negative   = false;
    const auto  fields = FieldDescriptions({c, phi});
    std::string text   = "Fields = '" + list + "', Scales = '" + scales + "':";
    try
      {
        for (const double w :
             field_weights(fields, list, scales, "Mesh refinement/kelly"))
          text += " " + std::to_string(w);
      }
    catch (const std::exception &e)
      {
        text += " error: " + exception_message(e);
      }
    std::cout << text << std::endl;
  }

  void
  log_criterion(const std::string &list, const std::string &scales)
  {
    FieldDescription c, phi;
    c.name           = "c";
    phi.name         = "phi";
    phi.non_negative = false;
    ParameterHandler prm;
    LogConcentrationCriterion<2>::declare_parameters(prm);
    prm.set("Fields", list);
    prm.set("Scales", scales);
    LogConcentrationCriterion<2> criterion;
    criterion.parse_parameters(prm);
    std::string text =
      "log concentration, Fields = '" + list + "', Scales = '" + scales + "': ";
    try
      {
        criterion.check_fields(FieldDescriptions({c, phi}));
        text += "accepted";
      }
    catch (const std::exception &e)
      {
        text += "error: " + exception_message(e);
      }
    std::cout << text << std::endl;
  }
} // namespace

int
main()
{
  print("", "1");
  print("c", "2");
  print("", "c: 1, phi: 1e-3");
  print("phi", "0");
  print("", "psi: 1");
  print("c", "phi: 1");
  print("", "c: -1");
  print("c, psi", "1");
  log_criterion("", "1");
  log_criterion("c", "1");
  log_criterion("", "c: 1, phi: 0");
  log_criterion("phi", "1");
}
