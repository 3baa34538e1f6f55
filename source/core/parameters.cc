#include <fluxion/core/parameters.h>
#include <fluxion/core/simulator.h>
#include <fluxion/core/utilities.h>

namespace Fluxion
{
  void
  parse_parameter_text(ParameterHandler  &prm,
                       const std::string &text,
                       const std::string &filename,
                       const bool         skip_undefined)
  {
    try
      {
        prm.parse_input_from_string(text, "", skip_undefined);
      }
    catch (const std::exception &e)
      {
        std::string       msg = exception_message(e);
        const std::string tag = "input string";
        for (auto p = msg.find(tag); p != std::string::npos; p = msg.find(tag))
          msg.replace(p, tag.size(), filename);
        AssertThrow(false, ExcMessage(msg));
      }
  }

  template <int dim>
  void
  read_parameters(ParameterHandler  &prm,
                  const std::string &text,
                  const std::string &filename)
  {
    Simulator<dim>::declare_parameters(prm);
    parse_parameter_text(prm, text, filename, true);
    {
      auto physics = PluginRegistry<PhysicsInterface<dim>>::instance()
                       .get(prm.get("Physics"), "Physics")
                       .create();
      physics->declare_named_parameters(prm);
    }
    parse_parameter_text(prm, text, filename, false);
  }

  template void
  read_parameters<1>(ParameterHandler &,
                     const std::string &,
                     const std::string &);
  template void
  read_parameters<2>(ParameterHandler &,
                     const std::string &,
                     const std::string &);
  template void
  read_parameters<3>(ParameterHandler &,
                     const std::string &,
                     const std::string &);
} // namespace Fluxion
