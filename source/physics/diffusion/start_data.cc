#include <deal.II/base/utilities.h>

#include <fluxion/physics/diffusion/diffusion.h>

namespace Fluxion
{
  namespace
  {
    // "<prefix>/<entry>" for each entry of a comma separated list, joined
    // as "A> and <B" so that the caller's <...> encloses each; the prefix
    // alone if there is no entry.
    std::string
    parameter_names(const std::string &prefix, const std::string &entries)
    {
      std::string result;
      for (const auto &e : Utilities::split_string_list(entries, ','))
        result += (result.empty() ? "" : "> and <") + prefix + "/" + e;
      return result.empty() ? prefix : result;
    }
  } // namespace

  template <int dim>
  StartData<dim>
  Diffusion<dim>::start_data() const
  {
    StartData<dim> data;

    data.initial.parameter =
      parameter_names("Initial conditions/" + initial_model,
                      initial_condition->data_parameters());
    data.initial.quantity = "the initial concentration";
    data.initial.uniform  = initial_condition->is_uniform();
    data.initial.value    = [this](const Point<dim> &p, const double) {
      return initial_condition->value(p);
    };

    data.temperature.parameter = "Temperature/Expression";
    data.temperature.quantity  = "the temperature [K]";
    data.temperature.uniform   = temperature_expression.is_constant();
    data.temperature.value     = [this](const Point<dim> &p, const double t) {
      return temperature_expression.value(p, t);
    };

    typename StartData<dim>::Field source;
    source.parameter = "Source/Expression";
    source.quantity  = "the source";
    source.uniform   = source_expression.is_constant();
    source.value     = [this](const Point<dim> &p, const double t) {
      return source_expression.value(p, t);
    };
    data.fields.push_back(source);

    // Each component of the velocity must be a finite number.
    if (advection.active())
      for (unsigned int d = 0; d < dim; ++d)
        {
          typename StartData<dim>::Field velocity;
          velocity.parameter = "Advection/Velocity";
          velocity.quantity =
            std::string("the ") + "xyz"[d] + " component of the velocity";
          velocity.value = [this, d](const Point<dim> &p, const double t) {
            return advection.velocity(p, t)[d];
          };
          data.fields.push_back(velocity);
        }

    for (const auto &b : context.boundary_ids)
      {
        const auto it = bcs.find(b.second);
        if (it == bcs.end())
          continue;
        const BoundaryCondition<dim> *bc = it->second.get();
        const std::string             parameter =
          parameter_names("Boundary conditions/" + b.first,
                          bc->data_parameters());
        if (bc->is_essential())
          {
            typename StartData<dim>::Field field;
            field.parameter        = parameter;
            field.quantity         = "the prescribed concentration";
            field.boundary         = b.second;
            field.boundary_name    = b.first;
            field.is_concentration = true;
            field.uniform          = bc->is_uniform();
            field.value            = [bc](const Point<dim> &p, const double t) {
              return bc->concentration(p, t);
            };
            data.fields.push_back(field);
          }
        else
          {
            typename StartData<dim>::Flux flux;
            flux.parameter     = parameter;
            flux.boundary      = b.second;
            flux.boundary_name = b.first;
            flux.value =
              [bc](const Point<dim> &p, const double t, const double c) {
                const auto q = bc->flux(p, t, c);
                return std::make_pair(q.inward_flux, q.d_inward_flux_dc);
              };
            data.fluxes.push_back(flux);
          }
      }

    for (const auto &l : laws)
      {
        typename StartData<dim>::Law law;
        law.region_name = region_name_of.at(l.first);
        law.parameter   = parameter_names("Materials/" + law.region_name,
                                        l.second->data_parameters());
        law.region      = l.first;
        law.law         = l.second.get();
        data.laws.push_back(law);
      }
    return data;
  }

  template StartData<1>
  Diffusion<1>::start_data() const;
  template StartData<2>
  Diffusion<2>::start_data() const;
  template StartData<3>
  Diffusion<3>::start_data() const;
} // namespace Fluxion
